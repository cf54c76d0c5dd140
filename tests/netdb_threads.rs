//! Many threads at once in the resolver functions: results stay right (the `_r` calls, or
//! the spin lock where the platform lacks them). Bounded: 8 threads x 200 rounds.
#![cfg(not(miri))]

use bsdsock::{AF_INET, AI_NUMERICHOST, SOCK_STREAM, getaddrinfo, getservbyname, getservbyport};

#[test]
fn concurrent_lookups() {
    let threads: Vec<_> = (0..8)
        .map(|t| {
            std::thread::spawn(move || {
                for i in 0..200u16 {
                    let port = 1000 + t * 200 + i;
                    let host = if i % 2 == 0 { "localhost" } else { "127.0.0.1" };
                    let flags = if i % 2 == 0 { 0 } else { AI_NUMERICHOST };
                    let mut r = getaddrinfo(Some(host), port, AF_INET, SOCK_STREAM, 0, flags)
                        .expect("getaddrinfo");
                    let a = r.next().expect("one result");
                    assert_eq!(a.sockaddr.to_string(), format!("('127.0.0.1', {port})"));
                    assert_eq!(getservbyname("http", Some("tcp")), Ok(80));
                    assert_eq!(getservbyport(22, Some("tcp")).unwrap(), "ssh");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
}
