// Every page: the error summary takes the focus when a form comes back with errors (the GOV.UK
// pattern), and its links move the focus to their field, even one Tom Select has replaced.
// A form marked data-enter-next does not submit when Enter is pressed in a one-line text field:
// the focus moves to the next field instead, so a half-filled form is not sent by accident.
(function () {
  'use strict';
  var summary = document.querySelector('[data-error-summary]');
  if (summary) {
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      if (!link) return;
      var field = document.getElementById(link.getAttribute('href').slice(1));
      if (!field) return;
      event.preventDefault();
      var details = field.closest('details');
      if (details) details.open = true;
      if (field.tomselect) field.tomselect.focus();
      else field.focus();
      (field.closest('.mb-3') || field).scrollIntoView({ block: 'center' });
    });
  }

  var TEXT = ['text', 'search', 'email', 'url', 'tel', 'number', 'date'];
  document.querySelectorAll('form[data-enter-next]').forEach(function (form) {
    form.addEventListener('keydown', function (event) {
      var el = event.target;
      if (event.key !== 'Enter' || event.defaultPrevented || !(el instanceof HTMLInputElement)) return;
      if (TEXT.indexOf(el.type) === -1 || el.closest('.ts-wrapper')) return;
      event.preventDefault();
      var fields = Array.prototype.filter.call(form.querySelectorAll('input, select, textarea, button'), function (f) {
        return !f.disabled && f.type !== 'hidden' && f.tabIndex >= 0 && f.offsetParent !== null;
      });
      var next = fields[fields.indexOf(el) + 1];
      if (next) next.focus();
    });
  });
})();
