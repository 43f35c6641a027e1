//! Site identity (#13): `identity:` in `data/site.yaml` is shown in the footer the way Chinese
//! government sites place it, with the ICP and 公安 record numbers linked to their public
//! registries; values marked as examples say so; nothing of the example site is in the theme.

use crate::support::*;

const FULL: &str = "identity:
  sponsor: 河清县人民政府办公室
  undertaker: 河清县融媒体中心
  phone: 0534-1234567
  email: xcb@heqing.example.gov.cn
  icp: 河ICP备12345678号-1
  police_record: 河公网安备37140202000001号
  site_code: \"3714000001\"
  feedback_url: https://example.gov.cn/heqing/jiucuo/
";

fn footer(html: &str) -> &str {
    &html[html
        .find(r#"<footer class="site-footer">"#)
        .expect("a footer")..]
}

#[test]
fn the_identity_is_in_every_footer_with_the_registries_linked() {
    let (_tmp, root) = site_from_fixture("honest-site");
    let site = std::fs::read_to_string(root.join("data/site.yaml")).unwrap();
    let without = &site[..site.find("identity:").unwrap()];
    write(&root, "data/site.yaml", &format!("{without}{FULL}"));
    build(&root).or_diagnostics();
    for p in [
        "index.html",
        "metrics/index.html",
        "stories/hall/index.html",
        "about-en/index.html",
    ] {
        let html = page(&root, p);
        let f = footer(&html);
        for expected in [
            "主办单位：河清县人民政府办公室",
            "承办单位：河清县融媒体中心",
            "联系方式：电话 0534-1234567",
            r#"<a href="mailto:xcb@heqing.example.gov.cn">xcb@heqing.example.gov.cn</a>"#,
            r#"<a href="https://beian.miit.gov.cn/" rel="noopener">河ICP备12345678号-1</a>"#,
            r#"<a href="https://beian.mps.gov.cn/" rel="noopener">河公网安备37140202000001号</a>"#,
            "网站标识码：3714000001",
            r#"<a href="https://example.gov.cn/heqing/jiucuo/">纠错/意见</a>"#,
        ] {
            assert!(f.contains(expected), "{p}: `{expected}` not in\n{f}");
        }
        assert!(
            !f.contains("示例"),
            "{p}: real values are not marked as examples"
        );
    }
}

#[test]
fn a_partial_identity_shows_only_what_is_given_and_example_values_are_marked() {
    let (_tmp, root) = site_from_fixture("honest-site");
    build(&root).or_diagnostics();
    let home = page(&root, "index.html");
    let f = footer(&home);
    assert!(
        f.contains("主办单位：河清县人民政府办公室") && f.contains("河ICP备12345678号"),
        "{f}"
    );
    // A query in the feedback address is kept, escaped.
    assert!(
        f.contains(r#"href="https://example.gov.cn/heqing/jiucuo/?from=footer""#),
        "{f}"
    );
    for absent in ["承办单位", "联系方式", "公网安备", "网站标识码", "示例"] {
        assert!(
            !f.contains(absent),
            "`{absent}` shown though not given:\n{f}"
        );
    }
    // The example site's values are examples, and its footer says so.
    let example = read(&example_site().dir, "index.html");
    assert!(footer(&example).contains("以上主办单位、联系方式和备案信息为示例，并非真实信息。"));
    // A site with no identity has no identity block.
    let (_tmp2, bare) = site_from_fixture("minimal");
    build(&bare).or_diagnostics();
    assert!(!page(&bare, "index.html").contains(r#"class="identity""#));
}

#[test]
fn an_unusable_email_or_feedback_address_or_an_unknown_field_is_an_error_at_its_line() {
    let (_tmp, root) = site_from_fixture("minimal");
    let site = std::fs::read_to_string(root.join("data/site.yaml")).unwrap();
    let lines = site.lines().count();
    write(
        &root,
        "data/site.yaml",
        &format!("{site}identity:\n  email: 宣传部\n  feedback_url: javascript:alert(1)\n"),
    );
    let text = build(&root).unwrap_err().render();
    assert!(
        text.contains(&format!("data/site.yaml:{}:10", lines + 2)),
        "{text}"
    );
    assert!(
        text.contains("identity.email `宣传部` is not an email address"),
        "{text}"
    );
    assert!(
        text.contains(
            "identity.feedback_url `javascript:alert(1)` is not an http(s) or mailto: address"
        ),
        "{text}"
    );
    write(
        &root,
        "data/site.yaml",
        &format!("{site}identity:\n  icp_number: x\n"),
    );
    let text = build(&root).unwrap_err().render();
    assert!(text.contains("unknown field `icp_number`"), "{text}");
}

#[test]
fn the_theme_holds_nothing_of_the_example_site() {
    let templates = repo_root().join("themes/default/templates");
    for entry in walkdir::WalkDir::new(&templates) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for example in [
            "德州",
            "鲁ICP",
            "公网安备0",
            "0534",
            "example.gov.cn",
            "宣传部",
        ] {
            assert!(
                !text.contains(example),
                "{}: holds `{example}`",
                entry.path().display()
            );
        }
    }
}
