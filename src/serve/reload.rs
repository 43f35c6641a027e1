//! Live reload for the preview: every served HTML page (never `tongbao build` output) gets a small
//! script that polls `/__tongbao/version` and reloads the page when it changes. When the last
//! rebuild failed, every page also gets an overlay with the diagnostics (HTML-escaped), over the
//! last good site.

/// Adds the reload script (and the error overlay, when there is an error) before `</body>`.
pub(super) fn inject(page: &[u8], version: u64, error: Option<&str>) -> Vec<u8> {
    let mut snippet = String::new();
    if let Some(error) = error {
        snippet.push_str(
            "<div id=\"tongbao-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;\
             background:rgba(20,20,20,.92);color:#fff;padding:2rem;font:14px/1.6 ui-monospace,Menlo,Consolas,monospace\">\
             <p style=\"font:bold 18px/1.4 sans-serif;color:#ff8a80;margin:0 0 1rem\">构建失败：下面是错误信息。改好文件后页面会自动刷新；此前的页面仍在下层。</p>\
             <pre style=\"white-space:pre-wrap;margin:0\">",
        );
        snippet.push_str(&crate::util::escape::markup(error));
        snippet.push_str("</pre></div>\n");
    }
    snippet.push_str(&format!(
        "<script>/* tongbao serve: live reload */(function(){{var v=\"{version}\";function poll(){{\
         fetch(\"/__tongbao/version\",{{cache:\"no-store\"}}).then(function(r){{return r.text()}})\
         .then(function(t){{if(t.trim()!==v){{location.reload()}}else{{setTimeout(poll,300)}}}},\
         function(){{setTimeout(poll,1000)}})}}setTimeout(poll,300)}})();</script>\n"
    ));
    let text = page;
    let at = find_last(text, b"</body>").unwrap_or(text.len());
    let mut out = Vec::with_capacity(text.len() + snippet.len());
    out.extend_from_slice(&text[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&text[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_escapes_the_diagnostics_and_goes_before_body_end() {
        let page = inject(b"<html><body><p>x</p></body></html>", 7, Some("<script>&"));
        let text = String::from_utf8(page).unwrap();
        assert!(text.contains("&lt;script&gt;&amp;"));
        assert!(text.contains("var v=\"7\""));
        assert!(text.ends_with("</body></html>"));
    }
}
