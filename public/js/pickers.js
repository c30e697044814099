// Progressive enhancement of the form's pickers with Tom Select (served from node_modules).
// Without this script every picker is a plain select, and record pickers have a search field
// and a "Search" button that re-show the form with the matches.
//   select[data-picker="/pickers/notes"]: choices loaded from the server as the user types (at
//     most 20, only what the user may see);
//   select[data-typeahead]: the select's own options, filtered as the user types.
// refreshThrottle 0: the list is filtered on each key, not 300 ms after the last one. A delayed
// refresh reopens the list and takes the focus back (Tom Select's open() focuses its control), so a
// user who typed, pressed Enter and Tab within 300 ms found the focus back in the field just left.
// Remote pickers still ask the server at most every loadThrottle ms.
(function () {
  'use strict';
  if (typeof window.TomSelect !== 'function') return;

  function remote(select) {
    var url = select.getAttribute('data-picker');
    var exclude = select.getAttribute('data-exclude');
    var search = select.closest('.record-picker') && select.closest('.record-picker').querySelector('.picker-search');
    if (search) search.hidden = true;
    var ts = new window.TomSelect(select, {
      valueField: 'value',
      labelField: 'label',
      searchField: [],
      maxOptions: 20,
      refreshThrottle: 0,
      preload: 'focus',
      loadThrottle: 200,
      allowEmptyOption: false,
      placeholder: select.getAttribute('data-placeholder') || '',
      // The server matched the words (accents, prefixes, the text of the record): show what it sent.
      score: function () {
        return function () {
          return 1;
        };
      },
      shouldLoad: function () {
        return true;
      },
      load: function (query, callback) {
        var self = this;
        var address =
          url + '?q=' + encodeURIComponent(query) + (exclude ? '&exclude=' + encodeURIComponent(exclude) : '');
        fetch(address, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then(function (res) {
            return res.ok ? res.json() : { results: [] };
          })
          .then(function (json) {
            self.clearOptions();
            callback(json.results);
          })
          .catch(function () {
            callback();
          });
      },
      render: {
        no_results: function () {
          return '<div class="no-results">Nothing you may see matches these words.</div>';
        },
        loading: function () {
          return '<div class="spinner-border spinner-border-sm m-2" role="status"><span class="visually-hidden">Loading…</span></div>';
        },
      },
    });
    return ts;
  }

  function local(select) {
    var multiple = select.multiple;
    return new window.TomSelect(select, {
      maxOptions: null,
      refreshThrottle: 0,
      // The empty choice is the placeholder; Backspace clears a choice.
      allowEmptyOption: false,
      plugins: multiple ? ['remove_button'] : [],
      placeholder: select.getAttribute('data-placeholder') || '',
      hidePlaceholder: multiple,
      closeAfterSelect: !multiple,
      onItemAdd: multiple
        ? function () {
            this.setTextboxValue('');
            this.refreshOptions(false);
          }
        : undefined,
    });
  }

  // Tom Select moves the label to its own input; the hidden select it keeps still needs a name.
  function keepLabel(select) {
    var label =
      document.getElementById(select.id + '-ts-label') ||
      document.querySelector('label[for="' + select.id + '-ts-control"]');
    if (!label) return;
    if (!label.id) label.id = select.id + '-ts-label';
    select.setAttribute('aria-labelledby', label.id);
  }

  window.demarchePickers = {
    enhance: function (root) {
      (root || document).querySelectorAll('select[data-picker]').forEach(function (el) {
        if (!el.tomselect) {
          remote(el);
          keepLabel(el);
        }
      });
      (root || document).querySelectorAll('select[data-typeahead]').forEach(function (el) {
        if (!el.tomselect) {
          local(el);
          keepLabel(el);
        }
      });
    },
  };
  window.demarchePickers.enhance(document);
})();
