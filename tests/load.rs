//! Load: a poll-driven loopback echo server built on bsdsock's public API (non-blocking
//! sockets and `bsdsock::select::poll_fds`) serves 1,000 concurrent client connections x
//! 100 messages each; every byte that comes back is checked against what its connection
//! sent. The clients are poll-driven too, in a second thread. An overall deadline (180 s)
//! fails the test instead of letting it hang. (examples/epoll_echo.rs does the same with
//! epoll and 10,000 connections.)
//!
//! Soak mode: `BSDSOCK_SOAK_SECS=N cargo test --release --test load -- --nocapture` repeats
//! rounds of fresh connections for N seconds (not run in CI).

use std::thread;
use std::time::{Duration, Instant};

use bsdsock::consts::errno::{EAGAIN, EINTR, EWOULDBLOCK};
use bsdsock::resource::{getrlimit_nofile, setrlimit_nofile};
use bsdsock::select::{POLLERR, POLLHUP, POLLIN, POLLOUT, PollFd, poll_fds};
use bsdsock::{AF_INET, Error, SOCK_STREAM, Socket};

const CLIENTS: usize = 1000;
const MESSAGES: usize = 100;
const MSG_LEN: usize = 64;
const DEADLINE: Duration = Duration::from_secs(180);

fn would_block(e: &Error) -> bool {
    matches!(e, Error::Os(n) if *n == EAGAIN || *n == EWOULDBLOCK || *n == EINTR)
}

/// Message `seq` of client `id`: bytes that differ per client, message and position.
fn message(id: usize, seq: usize) -> [u8; MSG_LEN] {
    let mut m = [0u8; MSG_LEN];
    for (k, b) in m.iter_mut().enumerate() {
        *b = (id.wrapping_mul(131) ^ seq.wrapping_mul(31) ^ k.wrapping_mul(7)) as u8;
    }
    m[0] = id as u8;
    m[1] = (id >> 8) as u8;
    m[2] = seq as u8;
    m
}

struct Conn {
    sock: Socket,
    pending: Vec<u8>,
}

/// The echo server: accept everything, echo every byte, until `expected` connections came
/// and went. Returns (connections served, bytes echoed).
fn serve(listener: Socket, expected: usize, deadline: Instant) -> (usize, u64) {
    listener.setblocking(false).unwrap();
    let mut conns: Vec<Option<Conn>> = Vec::new();
    let mut free: Vec<usize> = Vec::new();
    let (mut accepted, mut closed, mut echoed) = (0usize, 0usize, 0u64);
    let mut buf = vec![0u8; 16384];
    let mut fds: Vec<PollFd> = Vec::new();
    let mut idx: Vec<usize> = Vec::new();
    while closed < expected {
        assert!(Instant::now() < deadline, "server: deadline passed ({closed}/{expected} done)");
        fds.clear();
        idx.clear();
        if accepted < expected {
            fds.push(PollFd::of(&listener, POLLIN));
            idx.push(usize::MAX);
        }
        for (i, c) in conns.iter().enumerate() {
            if let Some(c) = c {
                let ev = if c.pending.is_empty() { POLLIN } else { POLLOUT };
                fds.push(PollFd::of(&c.sock, ev));
                idx.push(i);
            }
        }
        poll_fds(&mut fds, Some(1000.0)).expect("poll"); // EINTR is retried inside
        for (p, &i) in fds.iter().zip(&idx) {
            if p.revents() == 0 {
                continue;
            }
            if i == usize::MAX {
                loop {
                    match listener.accept() {
                        Ok((s, _)) => {
                            s.setblocking(false).unwrap();
                            let c = Some(Conn { sock: s, pending: Vec::new() });
                            match free.pop() {
                                Some(slot) => conns[slot] = c,
                                None => conns.push(c),
                            }
                            accepted += 1;
                        }
                        Err(e) if would_block(&e) => break,
                        Err(e) => panic!("accept: {e}"),
                    }
                }
                continue;
            }
            let Some(c) = conns[i].as_mut() else { continue };
            let mut eof = false;
            if c.pending.is_empty() && p.revents() & (POLLIN | POLLHUP | POLLERR) != 0 {
                match c.sock.recv_into(&mut buf, 0) {
                    Ok(0) => eof = true,
                    Ok(n) => c.pending.extend_from_slice(&buf[..n]),
                    Err(e) if would_block(&e) => {}
                    Err(e) => panic!("server recv: {e}"),
                }
            }
            while !c.pending.is_empty() {
                match c.sock.send(&c.pending) {
                    Ok(n) => {
                        echoed += n as u64;
                        c.pending.drain(..n);
                    }
                    Err(e) if would_block(&e) => break,
                    Err(e) => panic!("server send: {e}"),
                }
            }
            if eof {
                assert!(c.pending.is_empty());
                conns[i] = None;
                free.push(i);
                closed += 1;
            }
        }
    }
    (accepted, echoed)
}

struct Client {
    sock: Option<Socket>,
    id: usize,
    seq: usize,
    sent: usize,
    got: usize,
    inbuf: [u8; MSG_LEN],
}

/// `n` clients, each sending MESSAGES messages one at a time and checking each echo.
/// Returns the bytes verified.
fn clients(addr: bsdsock::SockAddr, n: usize, base: usize, deadline: Instant) -> u64 {
    let mut cs: Vec<Client> = Vec::with_capacity(n);
    for k in 0..n {
        let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        s.connect(addr).expect("connect");
        s.setblocking(false).unwrap();
        cs.push(Client { sock: Some(s), id: base + k, seq: 0, sent: 0, got: 0, inbuf: [0; 64] });
    }
    let mut verified = 0u64;
    let mut live = n;
    let mut fds: Vec<PollFd> = Vec::new();
    let mut idx: Vec<usize> = Vec::new();
    while live > 0 {
        assert!(Instant::now() < deadline, "clients: deadline passed ({live} still running)");
        fds.clear();
        idx.clear();
        for (i, c) in cs.iter().enumerate() {
            if let Some(s) = &c.sock {
                let ev = if c.sent < MSG_LEN { POLLOUT } else { POLLIN };
                fds.push(PollFd::of(s, ev));
                idx.push(i);
            }
        }
        poll_fds(&mut fds, Some(1000.0)).expect("poll");
        for (p, &i) in fds.iter().zip(&idx) {
            if p.revents() == 0 {
                continue;
            }
            let c = &mut cs[i];
            let Some(s) = c.sock.as_ref() else { continue };
            let msg = message(c.id, c.seq);
            if c.sent < MSG_LEN {
                match s.send(&msg[c.sent..]) {
                    Ok(k) => c.sent += k,
                    Err(e) if would_block(&e) => {}
                    Err(e) => panic!("client {} send: {e}", c.id),
                }
                continue;
            }
            match s.recv_into(&mut c.inbuf[c.got..], 0) {
                Ok(0) => panic!("client {}: server closed early", c.id),
                Ok(k) => c.got += k,
                Err(e) if would_block(&e) => continue,
                Err(e) => panic!("client {} recv: {e}", c.id),
            }
            if c.got == MSG_LEN {
                assert_eq!(c.inbuf, msg, "client {} message {}: echo differs", c.id, c.seq);
                verified += MSG_LEN as u64;
                c.seq += 1;
                c.sent = 0;
                c.got = 0;
                if c.seq == MESSAGES {
                    c.sock = None; // close: the server sees EOF
                    live -= 1;
                }
            }
        }
    }
    verified
}

/// Raise the soft descriptor limit towards what the test needs (as far as the hard limit
/// allows): the server and 1,000 clients in one process need ~2,000 descriptors, and the
/// usual soft limit is 1,024.
fn raise_fd_limit(need: u64) -> usize {
    let (soft, hard) = getrlimit_nofile().unwrap();
    if soft < need {
        setrlimit_nofile(need.min(hard), hard).unwrap();
    }
    getrlimit_nofile().unwrap().0.min(1 << 20) as usize
}

/// One round: CLIENTS connections x MESSAGES messages. Returns (served, verified).
fn round(deadline: Instant, clients_n: usize) -> (usize, u64) {
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(1024).unwrap();
    let addr = l.getsockname().unwrap();
    let server = thread::spawn(move || serve(l, clients_n, deadline));
    let verified = clients(addr, clients_n, 0, deadline);
    let (served, echoed) = server.join().expect("server thread");
    assert_eq!(served, clients_n);
    assert_eq!(echoed, verified, "server echoed bytes that no client verified");
    (served, verified)
}

#[test]
#[cfg_attr(miri, ignore)]
fn echo_1000_connections() {
    let limit = raise_fd_limit(2 * CLIENTS as u64 + 64);
    let n = if limit >= 2 * CLIENTS + 64 {
        CLIENTS
    } else {
        let n = (limit.saturating_sub(64)) / 2;
        println!("load: descriptor hard limit {limit} allows only {n} clients, not {CLIENTS}");
        n
    };
    assert!(n > 0);
    let soak: u64 =
        std::env::var("BSDSOCK_SOAK_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let start = Instant::now();
    let (mut rounds, mut served, mut verified) = (0u64, 0usize, 0u64);
    loop {
        let (s, v) = round(Instant::now() + DEADLINE, n);
        rounds += 1;
        served += s;
        verified += v;
        if start.elapsed() >= Duration::from_secs(soak) {
            break;
        }
    }
    println!(
        "load: {rounds} round(s), {served} connections served x {MESSAGES} messages, \
         {verified} bytes verified"
    );
    assert_eq!(verified, (rounds as usize * n * MESSAGES * MSG_LEN) as u64);
}
