"""English labels of the search area (see sopc/i18n/__init__.py): the search box,
its results, and the words search.js shows (written into assets/search-index.js)."""

LABELS: dict[str, str] = {
    "search_label": "Search the manual",
    "search_prompt": "Search procedures, steps, standards, roles, forms…",
    "search_hint": "Up and down arrows choose a result, Enter opens it, Esc closes the list.",
    "search_results": "Search results",
    "search_none": "No results for “{query}”",
    "search_count": "{n} results",
    "search_count_one": "1 result",
    "search_more": "{n} more in this procedure",
    "search_truncated": "Showing the first {n} groups; type more words to narrow the search.",
    "search_ellipsis": "…",
    "search_kind_sop": "Procedure",
    "search_kind_step": "Step",
    "search_kind_exception": "Exception",
    "search_kind_role": "Role",
    "search_kind_form": "Form",
}
