//! The epoll echo server on mio (contract: src/echo.rs). mio registers every source
//! edge-triggered, so a readable event is read until a short read (as tokio does: a read
//! shorter than the buffer means the socket was drained, and new data raises a new edge).

#[path = "../echo.rs"]
mod echo;

use std::io::{ErrorKind, Read, Write};
use std::os::fd::AsRawFd;

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};

struct Conn {
    sock: TcpStream,
    out: Vec<u8>,
}

const LISTENER: Token = Token(usize::MAX);

fn main() {
    let n = echo::args();
    let (_, hard) = bsdsock::resource::getrlimit_nofile().unwrap();
    bsdsock::resource::setrlimit_nofile(hard, hard).unwrap();
    let mut l = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    echo::announce(l.local_addr().unwrap().port());
    let mut poll = Poll::new().unwrap();
    poll.registry().register(&mut l, LISTENER, Interest::READABLE).unwrap();
    let mut conns: Vec<Option<Conn>> = Vec::new();
    let mut events = Events::with_capacity(echo::EVENTS);
    let mut buf = vec![0u8; echo::BUF];
    let (mut accepted, mut closed, mut since) = (0, 0, 0);
    while closed < n {
        match poll.poll(&mut events, None) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => panic!("poll: {e}"),
        }
        for ev in events.iter() {
            if ev.token() == LISTENER {
                loop {
                    match l.accept() {
                        Ok((mut s, _)) => {
                            s.set_nodelay(true).unwrap();
                            let i = s.as_raw_fd() as usize;
                            poll.registry().register(&mut s, Token(i), Interest::READABLE).unwrap();
                            if conns.len() <= i {
                                conns.resize_with(i + 1, || None);
                            }
                            conns[i] = Some(Conn { sock: s, out: Vec::new() });
                            accepted += 1;
                            if accepted == n {
                                since = echo::cpu_ns();
                            }
                        }
                        Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                        Err(e) => panic!("accept: {e}"),
                    }
                }
                continue;
            }
            let i = ev.token().0;
            let Some(c) = conns.get_mut(i).and_then(Option::as_mut) else { continue };
            if !c.out.is_empty() {
                match c.sock.write(&c.out) {
                    Ok(k) => drop(c.out.drain(..k)),
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {}
                    Err(e) => panic!("write: {e}"),
                }
                if c.out.is_empty() {
                    poll.registry().reregister(&mut c.sock, Token(i), Interest::READABLE).unwrap();
                }
                continue;
            }
            let mut eof = false;
            loop {
                match c.sock.read(&mut buf) {
                    Ok(0) => {
                        eof = true;
                        break;
                    }
                    Ok(r) => {
                        let sent = match c.sock.write(&buf[..r]) {
                            Ok(k) => k,
                            Err(e) if e.kind() == ErrorKind::WouldBlock => 0,
                            Err(e) => panic!("write: {e}"),
                        };
                        if sent < r {
                            c.out.extend_from_slice(&buf[sent..r]);
                            poll.registry()
                                .reregister(&mut c.sock, Token(i), Interest::WRITABLE)
                                .unwrap();
                            break;
                        }
                        if r < buf.len() {
                            break; // drained
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                    Err(e) => panic!("read: {e}"),
                }
            }
            if eof {
                conns[i] = None;
                closed += 1;
            }
        }
    }
    echo::report(since);
}
