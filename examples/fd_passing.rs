//! Passing open descriptors between processes' worth of code with `send_fds` / `recv_fds`
//! (Python 3.9's `socket.send_fds(sock, buffers, fds)` / `recv_fds(sock, bufsize, maxfds)`):
//! a "worker" thread that has no file of its own receives a log file and one end of a fresh
//! socket pair over an AF_UNIX socket, writes to the file and answers on the socket. The
//! descriptors it gets are its own (owned `Fd`s, close-on-exec), as they would be in another
//! process.
//!
//! `cargo run --example fd_passing`

use std::io::{Read, Seek, Write};
use std::os::fd::{AsFd, OwnedFd};

use bsdsock::{Socket, recv_fds, send_fds, socketpair_default};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (parent, child) = socketpair_default()?;
    let worker = std::thread::spawn(move || -> bsdsock::Result<()> {
        let (msg, fds, flags, _) = recv_fds(&child, 64, 4, 0)?;
        println!(
            "worker: got {:?} and {} descriptors (msg_flags {flags})",
            String::from_utf8_lossy(&msg),
            fds.len()
        );
        let mut fds = fds.into_iter();
        let mut log = std::fs::File::from(OwnedFd::from(fds.next().expect("the log")));
        let chat = Socket::from(OwnedFd::from(fds.next().expect("the socket")));
        writeln!(log, "written by the worker through a passed descriptor").expect("write");
        chat.sendall(b"hello over a passed socket")?;
        Ok(())
    });

    let path = std::env::temp_dir().join(format!("bsdsock-fd-passing-{}.log", std::process::id()));
    let log = std::fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .read(true)
        .write(true)
        .open(&path)?;
    let (mine, theirs) = socketpair_default()?;
    let n =
        send_fds(&parent, &[b"here are a file and a socket"], &[log.as_fd(), theirs.as_fd()], 0)?;
    println!("parent: sent {n} bytes with 2 descriptors");
    drop(theirs); // the worker has its own copy now
    println!("parent: the passed socket says {:?}", String::from_utf8_lossy(&mine.recv(64)?));
    worker.join().expect("worker")?;
    let mut text = String::new();
    let mut log = log;
    log.rewind()?;
    log.read_to_string(&mut text)?;
    print!("parent: the log file now holds: {text}");
    std::fs::remove_file(&path)?;
    Ok(())
}
