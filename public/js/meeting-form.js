// The meeting form, enhanced. Without this script: "Add another commitment" and "Add this
// official" submit the form and the server shows it again with what was typed; party and
// counterpart are chosen by hand.
//  - adds an empty commitment row without a round trip;
//  - choosing a commitment's maker fills its party (the ministry of the maker's post on the
//    meeting's date) and its counterpart (the other side's ministry), unless the user chose them;
//  - "Add this official" posts only the new official's fields (JSON, with the form's CSRF token)
//    and adds the official to the participants, keeping everything typed.
// This script runs before pickers.js turns the selects into type-aheads: it keeps a plain copy of
// a commitment row to clone.
(function () {
  'use strict';
  var MAX_ROWS = 20;
  var form = document.getElementById('meeting-form');
  if (!form) return;
  var container = document.getElementById('commitment-rows');
  var addRow = document.getElementById('add-commitment-row');
  var rows = container ? container.querySelectorAll('.commitment-row') : [];
  var template = rows.length ? rows[rows.length - 1].cloneNode(true) : null;
  var status = document.getElementById('form-status');

  function say(text) {
    if (!status) return;
    status.textContent = '';
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function renumber(value, index) {
    return value.replace(/^commitments\[\d+\]/, 'commitments[' + index + ']').replace(/^c\d+-/, 'c' + index + '-');
  }

  if (addRow && container && template) {
    // As a submit button it would be the form's default, so Enter in a field would add a row instead of saving.
    addRow.type = 'button';
    addRow.addEventListener('click', function (event) {
      var count = container.querySelectorAll('.commitment-row').length;
      if (count >= MAX_ROWS) return;
      event.preventDefault();
      var row = template.cloneNode(true);
      row.setAttribute('data-row', String(count));
      row.querySelector('legend').textContent = 'Commitment ' + (count + 1);
      row.querySelectorAll('.field-error').forEach(function (el) {
        el.remove();
      });
      row.querySelectorAll('[name], [id], label[for]').forEach(function (el) {
        ['name', 'id', 'for'].forEach(function (attr) {
          if (el.hasAttribute(attr)) el.setAttribute(attr, renumber(el.getAttribute(attr), count));
        });
        el.classList.remove('is-invalid');
        el.removeAttribute('aria-invalid');
        el.removeAttribute('aria-describedby');
      });
      row.querySelectorAll('input, textarea').forEach(function (el) {
        el.value = '';
      });
      row.querySelectorAll('select').forEach(function (el) {
        Array.prototype.forEach.call(el.options, function (o) {
          o.selected = false;
          o.removeAttribute('selected');
        });
        el.value = '';
      });
      container.appendChild(row);
      if (window.demarchePickers) window.demarchePickers.enhance(row);
      var first = row.querySelector('textarea');
      if (first) first.focus();
    });
  }

  // Maker chosen: propose party and counterpart. The answer may come back while the user is
  // elsewhere in the form, so applying it never moves the focus or opens a dropdown: Tom Select is
  // updated silently, and only when its control does not have the focus (a field with the focus is
  // filled when the user leaves it, if still empty). A field the user chose is never changed, and an
  // answer for a maker no longer chosen (a later request was sent) is dropped. While a row waits for
  // an answer it carries data-proposing, the number of answers awaited (the browser tests wait on it).
  var asked = {};
  var waiting = {};

  function rowOf(select) {
    return select.closest('.commitment-row') || form;
  }

  // The element that holds the keyboard focus when the user is in this field.
  function controlOf(select) {
    return select.tomselect ? select.tomselect.wrapper : select;
  }

  function hasFocus(select) {
    var active = document.activeElement;
    return !!active && controlOf(select).contains(active);
  }

  // Empty, or still what an earlier proposal put there: the user has not chosen it.
  function mayPropose(select) {
    return !select.value || select.value === select.getAttribute('data-proposed');
  }

  // Sets the value as the user sees it without any event, focus or dropdown.
  function fill(select, side) {
    var value = String(side.id);
    var ts = select.tomselect;
    if (ts) {
      if (!ts.options[value]) ts.addOption({ value: value, text: side.name });
      // Silent: no change event; not focused, so Tom Select neither opens nor refocuses.
      ts.setValue(value, true);
    } else {
      if (!select.querySelector('option[value="' + value + '"]')) select.appendChild(new Option(side.name, value));
      select.value = value;
    }
    select.setAttribute('data-proposed', value);
  }

  // A proposal for a field that has the focus waits until the user leaves the field.
  function fillOnLeave(select, side, current, announce) {
    select.demarcheProposal = { side: side, current: current, announce: announce };
    var control = controlOf(select);
    if (control.demarcheWaits) return;
    control.demarcheWaits = true;
    control.addEventListener('focusout', function (event) {
      var proposal = select.demarcheProposal;
      if (!proposal) return;
      // Still in the field (its dropdown, its input) or the window lost the focus: keep waiting.
      if ((event.relatedTarget && control.contains(event.relatedTarget)) || !document.hasFocus()) return;
      select.demarcheProposal = null;
      if (!proposal.current() || !mayPropose(select)) return;
      fill(select, proposal.side);
      say(proposal.announce);
    });
  }

  function setWaiting(row, key, delta) {
    waiting[key] = (waiting[key] || 0) + delta;
    if (waiting[key] > 0) row.setAttribute('data-proposing', String(waiting[key]));
    else row.removeAttribute('data-proposing');
  }

  form.addEventListener('change', function (event) {
    var target = event.target;
    // The user chose a party or counterpart themselves: no proposal replaces it.
    if (/^c\d+-(partyId|counterpartId)$/.test(target.id || '')) {
      target.removeAttribute('data-proposed');
      target.demarcheProposal = null;
      return;
    }
    var match = /^c(\d+)-madeById$/.exec(target.id || '');
    if (!match) return;
    var key = match[1];
    var maker = target;
    var ticket = (asked[key] || 0) + 1;
    asked[key] = ticket;
    var party = document.getElementById('c' + key + '-partyId');
    var counterpart = document.getElementById('c' + key + '-counterpartId');
    [party, counterpart].forEach(function (select) {
      if (select) select.demarcheProposal = null;
    });
    if (!maker.value) return;
    var madeById = maker.value;
    var current = function () {
      return asked[key] === ticket && maker.value === madeById;
    };
    var row = rowOf(maker);
    var params = new URLSearchParams();
    params.set('madeById', madeById);
    var heldOn = form.querySelector('[name="heldOn"]');
    if (heldOn && heldOn.value) params.set('heldOn', heldOn.value);
    var negotiation = form.querySelector('[name="negotiationId"]');
    if (negotiation && negotiation.value) params.set('negotiationId', negotiation.value);
    var participants = form.querySelector('[name="participantIds"]');
    if (participants)
      Array.prototype.forEach.call(participants.selectedOptions, function (o) {
        params.append('participantIds', o.value);
      });
    setWaiting(row, key, 1);
    fetch(form.getAttribute('data-sides') + '?' + params.toString(), {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (sides) {
        if (!sides || !current()) return;
        var filled = [];
        [
          [party, sides.party, 'party'],
          [counterpart, sides.counterpart, 'counterpart'],
        ].forEach(function (pair) {
          var select = pair[0];
          var side = pair[1];
          if (!select || !side || !mayPropose(select)) return;
          var told =
            'Commitment ' + (Number(key) + 1) + ', proposed ' + pair[2] + ': ' + side.name + '. You can change it.';
          if (hasFocus(select)) return fillOnLeave(select, side, current, told);
          fill(select, side);
          filled.push(pair[2] + ': ' + side.name);
        });
        if (filled.length)
          say('Commitment ' + (Number(key) + 1) + ', proposed ' + filled.join('; ') + '. You can change them.');
      })
      .catch(function () {})
      .then(function () {
        setWaiting(row, key, -1);
      });
  });

  // "Add this official", without leaving the form.
  var addOfficial = document.getElementById('add-official-button');
  if (addOfficial && window.fetch) {
    addOfficial.type = 'button';
    addOfficial.addEventListener('click', function () {
      var fields = ['fullName', 'nativeName', 'title', 'ministryId', 'startedOn', '_submission'];
      var body = new URLSearchParams();
      body.set('_csrf', form.querySelector('[name="_csrf"]').value);
      fields.forEach(function (f) {
        var el = document.getElementById('no-' + f);
        body.set(f, el ? el.value : '');
      });
      var heldOn = form.querySelector('[name="heldOn"]');
      if (!body.get('startedOn') && heldOn) body.set('startedOn', heldOn.value);
      var out = document.getElementById('add-official-status');
      addOfficial.disabled = true;
      fetch('/officials', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      })
        .then(function (res) {
          return res.json().then(function (json) {
            return { ok: res.ok, json: json };
          });
        })
        .then(function (answer) {
          fields.forEach(function (f) {
            var el = document.getElementById('no-' + f);
            var old = document.getElementById('no-' + f + '-error');
            if (old) old.remove();
            if (!el || f === '_submission') return;
            el.classList.remove('is-invalid');
            el.removeAttribute('aria-invalid');
            el.removeAttribute('aria-describedby');
            var message = !answer.ok && answer.json.errors && answer.json.errors[f];
            if (message) {
              var note = document.createElement('div');
              note.id = 'no-' + f + '-error';
              note.className = 'field-error';
              note.textContent = message;
              el.parentNode.appendChild(note);
              el.classList.add('is-invalid');
              el.setAttribute('aria-invalid', 'true');
              el.setAttribute('aria-describedby', note.id);
            }
          });
          if (!answer.ok) {
            out.textContent = 'The official was not added: see the fields marked.';
            var wrong = form.querySelector('#add-official .is-invalid');
            if (wrong) wrong.focus();
            return;
          }
          var official = answer.json;
          form.querySelectorAll('select[name="participantIds"], select[name$="[madeById]"]').forEach(function (select) {
            if (select.tomselect) select.tomselect.addOption({ value: String(official.id), text: official.label });
            else select.appendChild(new Option(official.label, String(official.id)));
          });
          if (template)
            template.querySelectorAll('select[name$="[madeById]"]').forEach(function (select) {
              select.appendChild(new Option(official.label, String(official.id)));
            });
          var participants = form.querySelector('select[name="participantIds"]');
          if (participants && participants.tomselect) participants.tomselect.addItem(String(official.id), true);
          else if (participants) participants.querySelector('option[value="' + official.id + '"]').selected = true;
          ['fullName', 'nativeName', 'title', 'startedOn'].forEach(function (f) {
            document.getElementById('no-' + f).value = '';
          });
          document.getElementById('no-_submission').value = official.submission;
          out.textContent = official.label + ' was added to the records and to the participants.';
        })
        .catch(function () {
          out.textContent = 'The official could not be added; try again.';
        })
        .then(function () {
          addOfficial.disabled = false;
        });
    });
  }
})();
