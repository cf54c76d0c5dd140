#[path = "../fdpass.rs"]
mod fdpass;

fn main() -> bsdsock::Result<()> {
    fdpass::run(|r| r.truncated() || r.ctruncated())
}
