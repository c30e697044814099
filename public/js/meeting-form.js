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
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function renumber(value, index) {
    return value.replace(/^commitments\[\d+\]/, 'commitments[' + index + ']').replace(/^c\d+-/, 'c' + index + '-');
  }

  function setValue(select, value) {
    if (select.tomselect) select.tomselect.setValue(String(value), true);
    else select.value = String(value);
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
      row.querySelectorAll('.field-error').forEach(function (el) { el.remove(); });
      row.querySelectorAll('[name], [id], label[for]').forEach(function (el) {
        ['name', 'id', 'for'].forEach(function (attr) {
          if (el.hasAttribute(attr)) el.setAttribute(attr, renumber(el.getAttribute(attr), count));
        });
        el.classList.remove('is-invalid');
        el.removeAttribute('aria-invalid');
        el.removeAttribute('aria-describedby');
      });
      row.querySelectorAll('input, textarea').forEach(function (el) { el.value = ''; });
      row.querySelectorAll('select').forEach(function (el) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = false; o.removeAttribute('selected'); });
        el.value = '';
      });
      container.appendChild(row);
      if (window.demarchePickers) window.demarchePickers.enhance(row);
      var first = row.querySelector('textarea');
      if (first) first.focus();
    });
  }

  // Maker chosen: propose party and counterpart.
  form.addEventListener('change', function (event) {
    var maker = event.target;
    var match = /^c(\d+)-madeById$/.exec(maker.id || '');
    if (!match || !maker.value) return;
    var party = document.getElementById('c' + match[1] + '-partyId');
    var counterpart = document.getElementById('c' + match[1] + '-counterpartId');
    var params = new URLSearchParams();
    params.set('madeById', maker.value);
    var heldOn = form.querySelector('[name="heldOn"]');
    if (heldOn && heldOn.value) params.set('heldOn', heldOn.value);
    var negotiation = form.querySelector('[name="negotiationId"]');
    if (negotiation && negotiation.value) params.set('negotiationId', negotiation.value);
    var participants = form.querySelector('[name="participantIds"]');
    if (participants) Array.prototype.forEach.call(participants.selectedOptions, function (o) { params.append('participantIds', o.value); });
    fetch(form.getAttribute('data-sides') + '?' + params.toString(), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (sides) {
        if (!sides) return;
        var filled = [];
        [[party, sides.party, 'party'], [counterpart, sides.counterpart, 'counterpart']].forEach(function (pair) {
          var select = pair[0];
          var side = pair[1];
          if (!select || !side) return;
          // Only a field the user left empty, or one this script filled, is changed.
          if (select.value && select.value !== select.getAttribute('data-proposed')) return;
          setValue(select, side.id);
          select.setAttribute('data-proposed', String(side.id));
          filled.push(pair[2] + ': ' + side.name);
        });
        if (filled.length) say('Commitment ' + (Number(match[1]) + 1) + ', proposed ' + filled.join('; ') + '. You can change them.');
      })
      .catch(function () {});
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
      fetch('/officials', { method: 'POST', credentials: 'same-origin', headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() })
        .then(function (res) { return res.json().then(function (json) { return { ok: res.ok, json: json }; }); })
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
          if (template) template.querySelectorAll('select[name$="[madeById]"]').forEach(function (select) { select.appendChild(new Option(official.label, String(official.id))); });
          var participants = form.querySelector('select[name="participantIds"]');
          if (participants && participants.tomselect) participants.tomselect.addItem(String(official.id), true);
          else if (participants) participants.querySelector('option[value="' + official.id + '"]').selected = true;
          ['fullName', 'nativeName', 'title', 'startedOn'].forEach(function (f) { document.getElementById('no-' + f).value = ''; });
          document.getElementById('no-_submission').value = official.submission;
          out.textContent = official.label + ' was added to the records and to the participants.';
        })
        .catch(function () { out.textContent = 'The official could not be added; try again.'; })
        .then(function () { addOfficial.disabled = false; });
    });
  }
})();
