//! An epoll echo server and its clients: N concurrent loopback TCP connections (default
//! 10,000), each sending M messages (default 10) and checking every byte of every echo.
//!
//!     cargo run --release --example epoll_echo -- [N] [M]
//!
//! The server runs in this process; the clients run in a child process (this program again,
//! with `--clients`), each side with one `bsdsock::select::Epoll` and non-blocking sockets.
//! Two processes because each side needs N descriptors: both raise their RLIMIT_NOFILE
//! (`bsdsock::resource`) as far as they are allowed and say what they did; if the limit
//! stays below what N needs, N is lowered and the program says so.
//!
//! The clients first open all N connections (at most 256 connects in flight, so the
//! listen backlog never overflows), then every connection sends its messages one at a time,
//! each echo checked against what was sent. The server reports the largest number of
//! connections it held at once; the run fails unless that is N and every byte came back.
//! Linux only (epoll).

#[cfg(not(target_os = "linux"))]
fn main() {
    println!("epoll_echo: epoll is Linux-only");
}

#[cfg(target_os = "linux")]
fn main() {
    linux::main();
}

#[cfg(target_os = "linux")]
mod linux {
    use std::process::{Command, exit};
    use std::time::{Duration, Instant};

    use bsdsock::consts::errno::{EAGAIN, EINPROGRESS, EINTR, EWOULDBLOCK};
    use bsdsock::resource::{RLIM_INFINITY, getrlimit_nofile, setrlimit_nofile};
    use bsdsock::select::{EPOLLERR, EPOLLHUP, EPOLLIN, EPOLLOUT, Epoll, EpollEvent};
    use bsdsock::{AF_INET, Error, SOCK_STREAM, SockAddr, Socket};

    const MSG_LEN: usize = 64;
    /// Descriptors each side needs besides the connections (stdio, listener, epoll, …).
    const SPARE: u64 = 32;
    const IN_FLIGHT: usize = 256;
    /// The whole run fails rather than hangs past this.
    const DEADLINE: Duration = Duration::from_secs(600);

    fn would_block(e: &Error) -> bool {
        matches!(e, Error::Os(n) if *n == EAGAIN || *n == EWOULDBLOCK || *n == EINTR)
    }

    fn fail(what: &str) -> ! {
        eprintln!("epoll_echo: FAILED: {what}");
        exit(1)
    }

    /// Message `seq` of connection `id`: bytes that differ per connection, message and
    /// position, so a crossed or shifted echo shows.
    fn message(id: usize, seq: usize) -> [u8; MSG_LEN] {
        let mut m = [0u8; MSG_LEN];
        for (k, b) in m.iter_mut().enumerate() {
            *b = (id.wrapping_mul(131) ^ seq.wrapping_mul(31) ^ k.wrapping_mul(7)) as u8;
        }
        m[..4].copy_from_slice(&(id as u32).to_le_bytes());
        m[4..8].copy_from_slice(&(seq as u32).to_le_bytes());
        m
    }

    /// Raise RLIMIT_NOFILE to `need` if allowed (the hard limit too, which needs privilege),
    /// else as far as the hard limit goes. Prints what it did; returns the soft limit.
    fn raise_limit(who: &str, need: u64) -> u64 {
        let (soft, hard) = getrlimit_nofile().unwrap_or_else(|e| fail(&format!("getrlimit: {e}")));
        let show =
            |v: u64| if v == RLIM_INFINITY { "unlimited".to_string() } else { v.to_string() };
        if soft >= need {
            println!(
                "{who}: RLIMIT_NOFILE {} (hard {}) is enough for {need}",
                show(soft),
                show(hard)
            );
            return soft;
        }
        if hard < need {
            match setrlimit_nofile(need, need) {
                Ok(()) => {
                    println!(
                        "{who}: raised RLIMIT_NOFILE from {soft} (hard {}) to {need}",
                        show(hard)
                    );
                    return need;
                }
                Err(e) => {
                    println!(
                        "{who}: cannot raise the hard RLIMIT_NOFILE {} to {need}: {e}",
                        show(hard)
                    )
                }
            }
        }
        let new = need.min(hard);
        if new == soft {
            println!("{who}: RLIMIT_NOFILE stays at {soft}, the hard limit");
            return soft;
        }
        setrlimit_nofile(new, hard).unwrap_or_else(|e| fail(&format!("setrlimit: {e}")));
        println!("{who}: raised RLIMIT_NOFILE from {soft} to {new} (hard {})", show(hard));
        new
    }

    pub fn main() {
        let args: Vec<String> = std::env::args().collect();
        if args.get(1).map(String::as_str) == Some("--clients") {
            let n: usize = args[2].parse().unwrap();
            let m: usize = args[3].parse().unwrap();
            let port: u16 = args[4].parse().unwrap();
            return clients(n, m, port);
        }
        let mut n: usize = args.get(1).map_or(10_000, |a| a.parse().expect("N: a number"));
        let m: usize = args.get(2).map_or(10, |a| a.parse().expect("M: a number"));
        let limit = raise_limit("server", n as u64 + SPARE);
        if (limit as usize) < n + SPARE as usize {
            let fit = (limit as usize).saturating_sub(SPARE as usize);
            println!(
                "server: the descriptor limit allows {fit} connections, not {n}: serving {fit}"
            );
            n = fit;
        }
        if n == 0 {
            fail("no descriptors to serve with");
        }
        let listener = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
        listener.setsockopt(bsdsock::SOL_SOCKET, bsdsock::SO_REUSEADDR, 1).unwrap();
        listener.bind(("127.0.0.1", 0)).unwrap();
        listener.listen(4096).unwrap();
        listener.setblocking(false).unwrap();
        let Ok(SockAddr::Inet(addr)) = listener.getsockname() else { fail("getsockname") };
        println!("server: listening on {addr}, {n} connections x {m} messages of {MSG_LEN} bytes");
        let start = Instant::now();
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--clients", &n.to_string(), &m.to_string(), &addr.port().to_string()])
            .spawn()
            .unwrap_or_else(|e| fail(&format!("cannot start the clients: {e}")));
        let (served, peak, echoed) = serve(&listener, n, start);
        let status = child.wait().unwrap();
        let secs = start.elapsed().as_secs_f64();
        println!(
            "server: {served} connections served, at most {peak} at once, {echoed} bytes echoed in {secs:.2} s"
        );
        if !status.success() {
            fail("the clients failed");
        }
        if served != n || peak != n || echoed != (n * m * MSG_LEN) as u64 {
            fail(&format!("expected {n} connections all at once and {} bytes", n * m * MSG_LEN));
        }
        println!("epoll_echo: ok: {n} concurrent connections, every byte verified");
    }

    struct Conn {
        sock: Socket,
        out: Vec<u8>,
        /// The events it is registered for: EPOLLIN, or EPOLLOUT while output is pending.
        mask: u32,
    }

    /// Echo until `n` connections came and went. Returns (served, peak concurrent, bytes).
    fn serve(listener: &Socket, n: usize, start: Instant) -> (usize, usize, u64) {
        let ep = Epoll::new().unwrap();
        ep.register(listener, EPOLLIN).unwrap();
        let mut conns: Vec<Option<Conn>> = Vec::new();
        let mut events = vec![EpollEvent::default(); 1024];
        let mut buf = vec![0u8; 64 * 1024];
        let (mut accepted, mut closed, mut live, mut peak, mut echoed) = (0, 0, 0, 0, 0u64);
        while closed < n {
            if start.elapsed() > DEADLINE {
                fail(&format!("server: deadline passed, {closed} of {n} connections done"));
            }
            let k = ep.poll_into(Some(1.0), &mut events).unwrap();
            for ev in &events[..k] {
                let fd = ev.fd();
                if fd == listener.fileno() {
                    loop {
                        match listener.accept() {
                            Ok((s, _)) => {
                                s.setblocking(false).unwrap();
                                ep.register(&s, EPOLLIN).unwrap();
                                let i = s.fileno() as usize;
                                if conns.len() <= i {
                                    conns.resize_with(i + 1, || None);
                                }
                                conns[i] = Some(Conn { sock: s, out: Vec::new(), mask: EPOLLIN });
                                accepted += 1;
                                live += 1;
                                peak = peak.max(live);
                            }
                            Err(e) if would_block(&e) => break,
                            Err(e) => fail(&format!("accept: {e}")),
                        }
                    }
                    continue;
                }
                let Some(c) = conns.get_mut(fd as usize).and_then(Option::as_mut) else {
                    continue;
                };
                let mut eof = false;
                if c.out.is_empty() && ev.events() & (EPOLLIN | EPOLLHUP | EPOLLERR) != 0 {
                    match c.sock.recv_into(&mut buf, 0) {
                        Ok(0) => eof = true,
                        Ok(k) => c.out.extend_from_slice(&buf[..k]),
                        Err(e) if would_block(&e) => {}
                        Err(e) => fail(&format!("server recv: {e}")),
                    }
                }
                while !c.out.is_empty() {
                    match c.sock.send(&c.out) {
                        Ok(k) => {
                            echoed += k as u64;
                            c.out.drain(..k);
                        }
                        Err(e) if would_block(&e) => break,
                        Err(e) => fail(&format!("server send: {e}")),
                    }
                }
                // Wait for room to write instead of reading more while output is pending.
                let want = if c.out.is_empty() { EPOLLIN } else { EPOLLOUT };
                if want != c.mask {
                    ep.modify(&c.sock, want).unwrap();
                    c.mask = want;
                }
                if eof {
                    conns[fd as usize] = None; // closes it, and epoll forgets it
                    closed += 1;
                    live -= 1;
                }
            }
        }
        (accepted, peak, echoed)
    }

    struct Client {
        sock: Socket,
        id: usize,
        seq: usize,
        sent: usize,
        got: usize,
        inbuf: [u8; MSG_LEN],
        connected: bool,
    }

    /// The client process: open `n` connections, then send `m` messages on each, checking
    /// every echo; exit status 0 when every byte came back right.
    fn clients(n: usize, m: usize, port: u16) {
        let limit = raise_limit("clients", n as u64 + SPARE);
        if (limit as usize) < n + SPARE as usize {
            fail(&format!("clients: the descriptor limit {limit} is too low for {n}"));
        }
        let start = Instant::now();
        let addr = ("127.0.0.1", port);
        let ep = Epoll::new().unwrap();
        let mut cs: Vec<Option<Client>> = Vec::new(); // indexed by descriptor
        let mut events = vec![EpollEvent::default(); 1024];
        let (mut started, mut connected, mut in_flight) = (0usize, 0usize, 0usize);
        // Phase 1: all n connections, at most IN_FLIGHT connects pending at once.
        while connected < n {
            while started < n && in_flight < IN_FLIGHT {
                let s = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
                s.setblocking(false).unwrap();
                match s.connect_ex(addr) {
                    Ok(0) => {}
                    Ok(e) if e == EINPROGRESS || e == EAGAIN => {}
                    Ok(e) => fail(&format!("connect: {}", Error::Os(e))),
                    Err(e) => fail(&format!("connect: {e}")),
                }
                ep.register(&s, EPOLLOUT).unwrap();
                let i = s.fileno() as usize;
                if cs.len() <= i {
                    cs.resize_with(i + 1, || None);
                }
                cs[i] = Some(Client {
                    sock: s,
                    id: started,
                    seq: 0,
                    sent: 0,
                    got: 0,
                    inbuf: [0; MSG_LEN],
                    connected: false,
                });
                started += 1;
                in_flight += 1;
            }
            let k = ep.poll_into(Some(1.0), &mut events).unwrap();
            for ev in &events[..k] {
                let Some(c) = cs.get_mut(ev.fd() as usize).and_then(Option::as_mut) else {
                    continue;
                };
                if c.connected {
                    continue;
                }
                let err = c.sock.getsockopt(bsdsock::SOL_SOCKET, bsdsock::SO_ERROR).unwrap();
                if err != 0 {
                    fail(&format!("client {}: connect: {}", c.id, Error::Os(err)));
                }
                c.connected = true;
                ep.modify(&c.sock, EPOLLIN).unwrap();
                connected += 1;
                in_flight -= 1;
            }
            if start.elapsed() > DEADLINE {
                fail(&format!("clients: deadline passed, {connected} of {n} connected"));
            }
        }
        println!(
            "clients: {n} connections open in {:.2} s; sending {m} messages on each",
            start.elapsed().as_secs_f64()
        );
        // Phase 2: the first message of every connection, then one per echo received.
        for c in cs.iter_mut().flatten() {
            send_next(c);
        }
        let mut live = n;
        let mut verified = 0u64;
        while live > 0 {
            if start.elapsed() > DEADLINE {
                fail(&format!("clients: deadline passed, {live} connections still running"));
            }
            let k = ep.poll_into(Some(1.0), &mut events).unwrap();
            for ev in &events[..k] {
                let fd = ev.fd() as usize;
                let Some(c) = cs.get_mut(fd).and_then(Option::as_mut) else { continue };
                if c.sent < MSG_LEN {
                    send_next(c);
                    if c.sent < MSG_LEN {
                        continue;
                    }
                    ep.modify(&c.sock, EPOLLIN).unwrap();
                    continue;
                }
                match c.sock.recv_into(&mut c.inbuf[c.got..], 0) {
                    Ok(0) => fail(&format!("client {}: the server closed early", c.id)),
                    Ok(k) => c.got += k,
                    Err(e) if would_block(&e) => continue,
                    Err(e) => fail(&format!("client {} recv: {e}", c.id)),
                }
                if c.got < MSG_LEN {
                    continue;
                }
                if c.inbuf != message(c.id, c.seq) {
                    fail(&format!("client {} message {}: the echo differs", c.id, c.seq));
                }
                verified += MSG_LEN as u64;
                c.seq += 1;
                c.got = 0;
                c.sent = 0;
                if c.seq == m {
                    cs[fd] = None; // close: the server sees EOF
                    live -= 1;
                } else {
                    send_next(c);
                    if c.sent < MSG_LEN {
                        ep.modify(&c.sock, EPOLLOUT).unwrap();
                    }
                }
            }
        }
        println!(
            "clients: {n} connections x {m} messages, {verified} bytes sent and verified in {:.2} s",
            start.elapsed().as_secs_f64()
        );
        if verified != (n * m * MSG_LEN) as u64 {
            fail("clients: bytes missing");
        }
    }

    /// Send (the rest of) the current message, as much as fits now.
    fn send_next(c: &mut Client) {
        let msg = message(c.id, c.seq);
        while c.sent < MSG_LEN {
            match c.sock.send(&msg[c.sent..]) {
                Ok(k) => c.sent += k,
                Err(e) if would_block(&e) => return,
                Err(e) => fail(&format!("client {} send: {e}", c.id)),
            }
        }
    }
}
