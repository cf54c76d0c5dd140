//! The epoll echo server on `bsdsock::select::Epoll` (contract: src/echo.rs).

#[path = "../echo.rs"]
mod echo;

use bsdsock::consts::errno::{EAGAIN, EWOULDBLOCK};
use bsdsock::resource::{getrlimit_nofile, setrlimit_nofile};
use bsdsock::select::{EPOLLIN, EPOLLOUT, Epoll, EpollEvent};
use bsdsock::{AF_INET, Error, IPPROTO_TCP, SOCK_STREAM, SockAddr, Socket, TCP_NODELAY};

struct Conn {
    sock: Socket,
    out: Vec<u8>,
}

fn would_block(e: &Error) -> bool {
    matches!(e, Error::Os(n) if *n == EAGAIN || *n == EWOULDBLOCK)
}

fn main() {
    let n = echo::args();
    let (_, hard) = getrlimit_nofile().unwrap();
    setrlimit_nofile(hard, hard).unwrap();
    let l = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    l.setsockopt(bsdsock::SOL_SOCKET, bsdsock::SO_REUSEADDR, 1).unwrap();
    l.bind(("127.0.0.1", 0)).unwrap();
    l.listen(4096).unwrap();
    l.setblocking(false).unwrap();
    let Ok(SockAddr::Inet(a)) = l.getsockname() else { panic!("getsockname") };
    echo::announce(a.port());

    let ep = Epoll::new().unwrap();
    ep.register(&l, EPOLLIN).unwrap();
    let lfd = l.fileno();
    let mut conns: Vec<Option<Conn>> = Vec::new();
    let mut events = vec![EpollEvent::default(); echo::EVENTS];
    let mut buf = vec![0u8; echo::BUF];
    let (mut accepted, mut closed, mut since) = (0, 0, 0);
    while closed < n {
        let k = ep.poll_into(None, &mut events).unwrap();
        for ev in &events[..k] {
            let fd = ev.fd();
            if fd == lfd {
                loop {
                    match l.accept() {
                        Ok((s, _)) => {
                            s.setblocking(false).unwrap();
                            s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1).unwrap();
                            ep.register(&s, EPOLLIN).unwrap();
                            let i = s.fileno() as usize;
                            if conns.len() <= i {
                                conns.resize_with(i + 1, || None);
                            }
                            conns[i] = Some(Conn { sock: s, out: Vec::new() });
                            accepted += 1;
                            if accepted == n {
                                since = echo::cpu_ns();
                            }
                        }
                        Err(e) if would_block(&e) => break,
                        Err(e) => panic!("accept: {e}"),
                    }
                }
                continue;
            }
            let Some(c) = conns.get_mut(fd as usize).and_then(Option::as_mut) else { continue };
            if !c.out.is_empty() {
                // Writable again: the rest of the output, then back to reading.
                match c.sock.send(&c.out) {
                    Ok(k) => drop(c.out.drain(..k)),
                    Err(e) if would_block(&e) => {}
                    Err(e) => panic!("send: {e}"),
                }
                if c.out.is_empty() {
                    ep.modify(&c.sock, EPOLLIN).unwrap();
                }
                continue;
            }
            match c.sock.recv_into(&mut buf, 0) {
                Ok(0) => {
                    conns[fd as usize] = None; // close(2); epoll forgets it
                    closed += 1;
                }
                Ok(r) => {
                    let sent = match c.sock.send(&buf[..r]) {
                        Ok(k) => k,
                        Err(e) if would_block(&e) => 0,
                        Err(e) => panic!("send: {e}"),
                    };
                    if sent < r {
                        c.out.extend_from_slice(&buf[sent..r]);
                        ep.modify(&c.sock, EPOLLOUT).unwrap();
                    }
                }
                Err(e) if would_block(&e) => {}
                Err(e) => panic!("recv: {e}"),
            }
        }
    }
    echo::report(since);
}
