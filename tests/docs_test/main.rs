//! Documentation generated from code must not drift: the README's rule table and the pages in
//! `server/analysis/docs/rules/` are the registry's. Run with `DOCKERFILE_LS_UPDATE_DOCS=1` to
//! rewrite them instead of failing.

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

/// The README quotes the system packages the test command installs: the names of
/// `tests/system-packages.txt`, in its order.
#[test]
fn readme_quotes_the_system_packages() {
    let readme = std::fs::read_to_string(README).unwrap();
    let list = concat!(env!("CARGO_MANIFEST_DIR"), "/system-packages.txt");
    let list = std::fs::read_to_string(list).unwrap();
    let names: Vec<String> = list
        .lines()
        .filter_map(|l| l.split('#').next()?.split_whitespace().next())
        .map(|name| format!("`{name}`"))
        .collect();
    assert!(names.len() > 5, "tests/system-packages.txt lists {names:?}");
    let quote = format!(
        "<!-- system-packages:start -->\n{}\n<!-- system-packages:end -->",
        names.join(" ")
    );
    assert!(
        readme.contains(&quote),
        "the README's list of system packages is stale: it must read\n{quote}"
    );
}

const DOCS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../server/analysis/docs/rules");

#[test]
fn rule_pages_match_the_registry() {
    let update = std::env::var("DOCKERFILE_LS_UPDATE_DOCS").as_deref() == Ok("1");
    let dir = std::path::Path::new(DOCS);
    if update {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut stale = Vec::new();
    let mut expected = Vec::new();
    for r in dockerfile_analysis::rules::REGISTRY {
        let m = r.meta();
        let name = format!("{}.md", m.id);
        let page = dockerfile_analysis::rules::docs_page(m);
        let path = dir.join(&name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            if update {
                std::fs::write(&path, &page).unwrap();
            } else {
                stale.push(name.clone());
            }
        }
        expected.push(name);
    }
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if !expected.contains(&name) {
            if update {
                std::fs::remove_file(dir.join(&name)).unwrap();
            } else {
                stale.push(format!("{name} (no such rule)"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "rule pages are stale: {stale:?}; run `DOCKERFILE_LS_UPDATE_DOCS=1 cargo test -p dockerfile-ls-tests --test docs`"
    );
}
