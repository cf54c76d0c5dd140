//! `cargo run --example lookup -- localhost http [family [socktype [proto [flags]]]]`:
//! getaddrinfo's results printed the way Python prints them:
//! `[(2, 1, 6, '', ('127.0.0.1', 80))]`, or the error as Python's `gaierror` text.

use bsdsock::{Port, getaddrinfo};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: lookup HOST [PORT|SERVICE|-] [FAMILY] [SOCKTYPE] [PROTO] [FLAGS]");
        std::process::exit(2);
    }
    let host = match args[0].as_str() {
        "-" => None,
        h => Some(h),
    };
    let port = match args.get(1).map(String::as_str) {
        None | Some("-") => Port::None,
        Some(p) => p.parse::<u16>().map(Port::Number).unwrap_or(Port::Service(p)),
    };
    let num = |i: usize| args.get(i).and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    match getaddrinfo(host, port, num(2), num(3), num(4), num(5)) {
        Ok(results) => {
            let items: Vec<String> = results.map(|a| a.to_string()).collect();
            println!("[{}]", items.join(", "));
        }
        Err(e) => {
            eprintln!("socket.gaierror: {e}");
            std::process::exit(1);
        }
    }
}
