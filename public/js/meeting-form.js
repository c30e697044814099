// Adds an empty commitment row without a round trip. Without this script the "Add another
// commitment" button submits the form and the server renders one more row instead.
(function () {
  'use strict';
  var MAX_ROWS = 20;
  var button = document.getElementById('add-commitment-row');
  var container = document.getElementById('commitment-rows');
  if (!button || !container) return;
  // As a submit button it would be the form's default, so Enter in a field would add a row instead of saving.
  button.type = 'button';

  function renumber(value, index) {
    return value.replace(/^commitments\[\d+\]/, 'commitments[' + index + ']').replace(/^c\d+-/, 'c' + index + '-');
  }

  button.addEventListener('click', function (event) {
    var rows = container.querySelectorAll('.commitment-row');
    if (rows.length === 0 || rows.length >= MAX_ROWS) return;
    event.preventDefault();
    var index = rows.length;
    var row = rows[rows.length - 1].cloneNode(true);
    row.setAttribute('data-row', String(index));
    row.querySelector('legend').textContent = 'Commitment ' + (index + 1);
    row.querySelectorAll('.field-error').forEach(function (el) { el.remove(); });
    row.querySelectorAll('[name], [id], label[for]').forEach(function (el) {
      ['name', 'id', 'for'].forEach(function (attr) {
        if (el.hasAttribute(attr)) el.setAttribute(attr, renumber(el.getAttribute(attr), index));
      });
      el.classList.remove('is-invalid');
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    });
    row.querySelectorAll('input, textarea').forEach(function (el) { el.value = ''; });
    row.querySelectorAll('select').forEach(function (el) {
      el.value = /\[strength\]$/.test(el.name) ? 'pledge' : '';
    });
    container.appendChild(row);
    var first = row.querySelector('textarea');
    if (first) first.focus();
  });
})();
