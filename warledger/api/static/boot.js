// warledger dashboard, first step: send the one request the first screen needs while the browser
// is still loading the map libraries and app.js (they take longer to arrive and parse than the
// server takes to answer). app.js picks the pending response up as window.warledgerBoot.
//
// It reads the filters from the page address the way app.js does, so both build the same
// request; app.js uses this response only when its own request would be the same one.
"use strict";

window.warledgerBoot = (() => {
  const FILTER_FIELDS = ["q", "country", "event_type", "date_from", "date_to", "actor", "min_fatalities", "status"];
  const PAGE_SIZE = 25;
  const BOOTSTRAP = "/api/dashboard/bootstrap";

  /** ?a=1&b= -> "?a=1", skipping empty values, keys in the order given. */
  function query(params) {
    const qs = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== "" && value !== null && value !== undefined) qs.set(key, value);
    }
    const s = qs.toString();
    return s ? "?" + s : "";
  }

  function filtersFrom(url) {
    const filters = {};
    for (const name of FILTER_FIELDS) {
      const value = (url.searchParams.get(name) || "").trim();
      if (value) filters[name] = value;
    }
    return filters;
  }

  /** The bootstrap request for these filters; options (the filter lists) only on the first load. */
  function bootstrapPath(filters, sort, size, withOptions) {
    return BOOTSTRAP + query({ ...filters, sort, size, options: withOptions ? "" : "false" });
  }

  function headers(token) {
    const h = { Accept: "application/json" };
    if (token) h.Authorization = "Bearer " + token;
    return h;
  }

  let token = "";
  try {
    token = sessionStorage.getItem("warledger.token") || "";
  } catch (err) {
    token = "";  // storage blocked (privacy settings): the settings dialog can still set one
  }
  const url = new URL(window.location.href);
  const path = bootstrapPath(filtersFrom(url), url.searchParams.get("sort") || "-date", PAGE_SIZE, true);
  const early = { path, token, response: fetch(path, { headers: headers(token) }) };
  early.response.catch(() => {});  // app.js reports failures; an unused failed fetch must not log twice

  return {
    FILTER_FIELDS, PAGE_SIZE, query, filtersFrom, bootstrapPath, headers,
    /** The response already on its way for exactly this request and token, once; else null. */
    take(pathWanted, tokenWanted) {
      if (!early || early.path !== pathWanted || early.token !== tokenWanted) return null;
      const response = early.response;
      early.path = null;
      return response;
    },
  };
})();
