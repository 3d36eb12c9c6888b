//! Documentation generated from code must not drift: the README's rule table is the
//! registry's. Run with `DOCKERFILE_LS_UPDATE_DOCS=1` to rewrite the section instead of failing.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

const README: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string(README).unwrap();
    let open = "<!-- rules:start -->\n";
    let start = readme.find(open).expect("README has a rules:start marker") + open.len();
    let end = readme
        .find("<!-- rules:end -->")
        .expect("README has a rules:end marker");
    let table = dockerfile_analysis::rules::markdown_table();
    if readme[start..end] == table {
        return;
    }
    if std::env::var("DOCKERFILE_LS_UPDATE_DOCS").as_deref() == Ok("1") {
        std::fs::write(
            README,
            format!("{}{table}{}", &readme[..start], &readme[end..]),
        )
        .unwrap();
        return;
    }
    panic!(
        "the README's rule table is stale: run `DOCKERFILE_LS_UPDATE_DOCS=1 cargo test -p dockerfile-ls-tests --test docs`"
    );
}
