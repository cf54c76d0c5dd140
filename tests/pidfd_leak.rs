//! Every descriptor a control message brings is owned: with SO_PASSPIDFD (Linux 6.5 and
//! later) each message to the socket installs an `SCM_PIDFD` descriptor, which the received
//! message closes unless it is taken. Counts /proc/self/fd, so the tests take turns and run
//! in their own binary.
#![cfg(all(target_os = "linux", bsdsock_const = "SO_PASSPIDFD", bsdsock_const = "SCM_PIDFD"))]

use std::sync::Mutex;

use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
use bsdsock::consts::errno::{ENOPROTOOPT, EOPNOTSUPP};
use bsdsock::{
    AF_UNIX, Error, Fd, SCM_PIDFD, SO_PASSPIDFD, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, Socket,
    recv_fds, recv_fds_into, socketpair,
};

static TURN: Mutex<()> = Mutex::new(());
const MESSAGES: usize = 100;

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").unwrap().count()
}

/// A connected pair whose second socket has SO_PASSPIDFD on; `None` (printed) where the
/// kernel lacks the option.
fn passpidfd_pair(ty: i32) -> Option<(Socket, Socket)> {
    let (a, b) = socketpair(AF_UNIX, ty, 0).unwrap();
    match b.setsockopt(SOL_SOCKET, SO_PASSPIDFD, 1) {
        Ok(()) => Some((a, b)),
        Err(Error::Os(e)) if e == ENOPROTOOPT || e == EOPNOTSUPP => {
            let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
            println!("skipped: this kernel ({}) has no SO_PASSPIDFD (Linux 6.5+)", release.trim());
            None
        }
        Err(e) => panic!("setsockopt(SO_PASSPIDFD): {e}"),
    }
}

fn pidfd_pid(fd: &Fd) -> Option<u32> {
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", fd.raw())).ok()?;
    info.lines().find_map(|l| l.strip_prefix("Pid:")).and_then(|p| p.trim().parse().ok())
}

#[test]
fn recvmsg_closes_the_pidfd_of_every_message() {
    let _t = TURN.lock().unwrap_or_else(|e| e.into_inner());
    for ty in [SOCK_DGRAM, SOCK_STREAM] {
        let Some((a, b)) = passpidfd_pair(ty) else { return };
        let before = open_fds();
        for _ in 0..MESSAGES {
            a.send(b"x").unwrap();
            let mut data = [0u8; 4];
            let mut anc = [0u8; 64];
            let r = b.recvmsg_into(&mut [&mut data], &mut anc, 0).unwrap();
            assert_eq!(r.nbytes(), 1);
            assert!(r.cmsgs().any(|m| m.level == SOL_SOCKET && m.kind == SCM_PIDFD));
            assert_eq!(r.fd_count(), 0, "a pidfd is not an SCM_RIGHTS descriptor");
        }
        let after = open_fds();
        println!("type {ty}: {MESSAGES} messages, open descriptors {before} before, {after} after");
        assert_eq!(after, before, "SCM_PIDFD descriptors leaked");
    }
}

#[test]
fn vec_recvmsg_and_recv_fds_close_it_too() {
    let _t = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let Some((a, b)) = passpidfd_pair(SOCK_DGRAM) else { return };
    let (x, _y) = socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let before = open_fds();
    for _ in 0..MESSAGES / 2 {
        a.send(b"x").unwrap();
        let mut anc = [0u8; 64];
        let (v, _r) = b.recvmsg(8, &mut anc, 0).unwrap();
        assert_eq!(v, b"x");

        // A descriptor and a pidfd in one message: recv_fds returns the SCM_RIGHTS one only
        // (as Python's recv_fds does) and closes the pidfd.
        let mut control = [0u8; 64];
        let mut builder = CmsgBuilder::new(&mut control);
        builder.rights(&[x.fileno()]).unwrap();
        let n = builder.len();
        a.sendmsg(&[b"y"], &control[..n], 0).unwrap();
        let (data, fds, _, _) = recv_fds(&b, 8, 2, 0).unwrap();
        assert_eq!((&data[..], fds.len()), (&b"y"[..], 1));
        drop(fds);

        a.send(b"z").unwrap();
        let (mut buf, mut slots) = ([0u8; 8], [const { None::<Fd> }; 1]);
        let r = recv_fds_into(&b, &mut buf, &mut slots, 0).unwrap();
        assert_eq!((r.nbytes, r.nfds), (1, 0));
    }
    let after = open_fds();
    println!("{} rounds: open descriptors {before} before, {after} after", MESSAGES / 2);
    assert_eq!(after, before, "SCM_PIDFD descriptors leaked");
}

#[test]
fn take_pidfd_hands_over_the_senders_pidfd_once() {
    let _t = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let Some((a, b)) = passpidfd_pair(SOCK_DGRAM) else { return };
    a.send(b"x").unwrap();
    let mut data = [0u8; 4];
    let mut anc = [0u8; cmsg_space(4) * 2];
    let mut r = b.recvmsg_into(&mut [&mut data], &mut anc, 0).unwrap();
    let pidfd = r.take_pidfd().expect("an SCM_PIDFD message");
    assert!(r.take_pidfd().is_none(), "taken twice");
    drop(r);
    // Still open after the message is gone, and a pidfd of this process.
    assert_eq!(pidfd_pid(&pidfd), Some(std::process::id()));
}
