// Wagtail's date pickers (jQuery xdsoft datetimepicker), as Llar needs them.
// Loaded in the head of every admin page (insert_global_admin_js), before any
// widget starts its picker, so these defaults apply to every date field.
(function ($) {
  "use strict";
  if (!$ || !$.fn || !$.fn.datetimepicker) {
    return;
  }
  const defaults = $.fn.datetimepicker.defaults;
  // Keep what the person typed: by default the picker replaces a date it cannot
  // read (4/3/85, 14-03-1985) by today's date when the field loses focus. The
  // server reads every accepted form and refuses the rest with a field error.
  defaults.validateOnBlur = false;
  // Close once a day is chosen, so the calendar no longer covers the next field.
  defaults.closeOnDateSelect = true;
  // The picker opens 100 ms after its field gains focus. Someone who types a
  // date and leaves the field at once (Tab) would find the calendar opening
  // after they left, over the next field: open only while the field has focus.
  defaults.onShow = function (current, $input) {
    const input = $input && $input[0];
    return !input || input.ownerDocument.activeElement === input;
  };
  // Birth dates go back a long way; plans and resources a few years ahead.
  defaults.yearStart = 1900;
  defaults.yearEnd = new Date().getFullYear() + 10;
})(window.jQuery);
