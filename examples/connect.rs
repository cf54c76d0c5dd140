//! `create_connection` from the command line: resolve, race the addresses (RFC 8305) and
//! print who answered.
//!
//! ```text
//! cargo run --example connect -- localhost 8080 [timeout-seconds]
//! connected to ('127.0.0.1', 8080) from ('127.0.0.1', 51234) in 0.3 ms
//! ```

use std::time::Instant;

use bsdsock::{Timeout, create_connection};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(host), Some(port)) = (args.next(), args.next()) else {
        eprintln!("usage: connect HOST PORT [TIMEOUT]");
        std::process::exit(2);
    };
    let timeout = match args.next() {
        Some(t) => match t.parse::<f64>() {
            Ok(t) => Timeout::Seconds(t),
            Err(_) => {
                eprintln!("timeout must be a number of seconds");
                std::process::exit(2);
            }
        },
        None => Timeout::Default,
    };
    let t0 = Instant::now();
    // A number is passed as a number, anything else as a service name (getaddrinfo's rules).
    let r = match port.parse::<u16>() {
        Ok(p) => create_connection((host.as_str(), p), timeout, None),
        Err(_) => create_connection((host.as_str(), port.as_str()), timeout, None),
    };
    let ms = t0.elapsed().as_secs_f64() * 1e3;
    match r {
        Ok(s) => {
            let peer = s.getpeername().map(|a| a.to_string()).unwrap_or_default();
            let me = s.getsockname().map(|a| a.to_string()).unwrap_or_default();
            println!("connected to {peer} from {me} in {ms:.1} ms");
        }
        Err(e) => {
            println!("error: {e} (after {ms:.1} ms)");
            std::process::exit(1);
        }
    }
}
