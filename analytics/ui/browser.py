"""What only the browser side can do, kept to a few lines of fixed script.

Streamlit's date input commits a typed date when it loses focus, not on Enter; a manager who
types ``2025-04-01`` and presses Enter expects the page to follow. :func:`enter_commits_dates`
adds one key listener to the page that turns Enter inside a date input into the key the field
does commit on (Escape: it closes the calendar and keeps the typed dates). The script is a
constant (no visitor's text is ever put into it) and installs itself once per browser tab.
"""

from __future__ import annotations

import streamlit as st

_ENTER_COMMITS = """<script>
(() => {
  if (window.__pulseEnterCommits) return;
  window.__pulseEnterCommits = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const field = event.target && event.target.closest
      ? event.target.closest('[data-testid="stDateInput"]') : null;
    if (!field) return;
    event.preventDefault();
    event.target.dispatchEvent(new KeyboardEvent("keydown", {
      key: "Escape", code: "Escape", bubbles: true, cancelable: true}));
  }, true);
})();
</script>"""


def enter_commits_dates() -> None:
    """Install the Enter-commits-a-typed-date listener (once per tab; a no-op afterwards)."""
    st.sidebar.html(_ENTER_COMMITS, unsafe_allow_javascript=True)
