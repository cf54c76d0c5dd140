//! The shared program: send a socket's descriptor to the other end of a socketpair, receive
//! it, and report what `check` says about the message.

use bsdsock::cmsg::{CmsgBuilder, cmsg_space};
use bsdsock::{AF_UNIX, RecvMsg, SOCK_DGRAM};

pub fn run(check: fn(&RecvMsg<'_>) -> bool) -> bsdsock::Result<()> {
    let (a, b) = bsdsock::socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
    let mut anc = [0u8; cmsg_space(4)];
    let mut cb = CmsgBuilder::new(&mut anc);
    cb.rights(&[a.fileno()])?;
    let n = cb.len();
    a.sendmsg(&[b"fd"], &anc[..n], 0)?;
    let (mut buf, mut ctl) = ([0u8; 16], [0u8; 64]);
    let mut r = b.recvmsg_into(&mut [&mut buf], &mut ctl, 0)?;
    let fd = r.take_fd();
    println!("received {} bytes, fd {:?}, check {}", r.nbytes(), fd.is_some(), check(&r));
    Ok(())
}
