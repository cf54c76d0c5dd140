#[path = "../fdpass.rs"]
mod fdpass;

fn main() -> bsdsock::Result<()> {
    fdpass::run(|r| r.nbytes() == usize::MAX)
}
