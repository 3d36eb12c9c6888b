//! Prints a benchmark shape: `cargo run -p dockerfile-ls-tests --example shape -- real-world 1000`.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use dockerfile_ls_tests::shapes::Shape;

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().unwrap_or_else(|| "generated".into());
    let lines = args.next().and_then(|l| l.parse().ok()).unwrap_or(1000);
    let shape = Shape::ALL.into_iter().find(|s| s.name() == name).unwrap();
    print!("{}", shape.text(lines).unwrap());
}
