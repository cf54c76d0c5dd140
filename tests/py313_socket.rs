//! The socket methods Python 3 added: `sendfile` (zero copy, the fallback loop, modes, the
//! file position, each bad input with CPython 3.13's text), `getblocking`,
//! `get_inheritable` / `set_inheritable`, `detach`.

mod py313_common;
use py313_common::*;

use std::io::{Seek, SeekFrom, Write};
use std::os::fd::OwnedFd;

use bsdsock::consts::errno::{EBADF, EINVAL, EISDIR};
use bsdsock::{AF_INET, AF_UNIX, Error, Fd, SHUT_WR, SOCK_DGRAM, SOCK_STREAM, Socket};

/// A temp file with `data`, opened for reading (and removed when the test ends).
struct TempFile {
    path: std::path::PathBuf,
    file: std::fs::File,
}

impl TempFile {
    fn new(tag: &str, data: &[u8]) -> TempFile {
        let path = temp_path(tag);
        std::fs::File::create(&path).unwrap().write_all(data).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        TempFile { path, file }
    }

    fn pos(&mut self) -> u64 {
        self.file.stream_position().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
}

/// Read everything until end of file on another thread.
fn drain(s: Socket) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut all = Vec::new();
        loop {
            let d = s.recv(65536).unwrap();
            if d.is_empty() {
                return all;
            }
            all.extend_from_slice(&d);
        }
    })
}

#[test]
#[cfg_attr(miri, ignore)]
fn sendfile_sends_the_whole_file_and_moves_its_position() {
    let data = pattern(300_000);
    let mut f = TempFile::new("whole", &data);
    let (a, b) = bsdsock::socketpair_default().unwrap();
    let rx = drain(b);
    assert_eq!(a.sendfile(&f.file, 0, None).unwrap(), data.len());
    assert_eq!(f.pos(), data.len() as u64);
    drop(a);
    assert_eq!(rx.join().unwrap(), data);
}

#[test]
#[cfg_attr(miri, ignore)]
fn sendfile_offset_and_count_as_python() {
    let data = pattern(100_000);
    let mut f = TempFile::new("offset", &data);
    let (a, b) = bsdsock::socketpair_default().unwrap();
    let rx = drain(b);
    // From an offset, whatever the current position (Python: offset=0 means the start).
    f.file.seek(SeekFrom::Start(5)).unwrap();
    assert_eq!(a.sendfile(&f.file, 1000, Some(10)).unwrap(), 10);
    assert_eq!(f.pos(), 1010);
    // A count past the end sends what is there (CPython 3.13: 10) and is not an error.
    assert_eq!(a.sendfile(&f.file, 99_990, Some(100)).unwrap(), 10);
    assert_eq!(f.pos(), 100_000);
    // An offset past the end sends nothing and leaves the position alone (CPython: 0).
    f.file.seek(SeekFrom::Start(42)).unwrap();
    assert_eq!(a.sendfile(&f.file, 200_000, None).unwrap(), 0);
    assert_eq!(f.pos(), 42);
    drop(a);
    let got = rx.join().unwrap();
    assert_eq!(got.len(), 20);
    assert_eq!(&got[..10], &data[1000..1010]);
    assert_eq!(&got[10..], &data[99_990..]);
}

#[test]
#[cfg_attr(miri, ignore)]
fn sendfile_bad_inputs_have_pythons_errors() {
    let f = TempFile::new("bad", b"0123456789");
    let (a, _b) = bsdsock::socketpair_default().unwrap();
    // Python: ValueError('count must be a positive integer (got 0)').
    assert_eq!(
        a.sendfile(&f.file, 0, Some(0)),
        Err(Error::Value("count must be a positive integer (got 0)"))
    );
    // Python: ValueError('non-blocking sockets are not supported') — whether or not the
    // call would block.
    a.setblocking(false).unwrap();
    assert_eq!(
        a.sendfile(&f.file, 0, None),
        Err(Error::Value("non-blocking sockets are not supported"))
    );
    a.setblocking(true).unwrap();
    // Python: ValueError('only SOCK_STREAM type sockets are supported').
    let u = bsdsock::socket(AF_INET, SOCK_DGRAM, 0).unwrap();
    assert_eq!(
        u.sendfile(&f.file, 0, None),
        Err(Error::Value("only SOCK_STREAM type sockets are supported"))
    );
    // An offset no off_t holds, Rust's form of Python's negative offset: [Errno 22].
    let e = a.sendfile(&f.file, u64::MAX, None).unwrap_err();
    assert_eq!(e, Error::Os(EINVAL));
    if cfg!(target_os = "linux") {
        assert_eq!(e.to_string(), format!("[Errno {EINVAL}] Invalid argument"));
    }
    // A directory: sendfile(2) refuses it, the fallback's read(2) says EISDIR (Python:
    // IsADirectoryError [Errno 21]).
    let dir = std::fs::File::open(std::env::temp_dir()).unwrap();
    assert_eq!(a.sendfile(&dir, 0, None), Err(Error::Os(EISDIR)));
}

#[test]
#[cfg_attr(miri, ignore)]
fn sendfile_of_files_it_cannot_map_falls_back_to_read_and_send() {
    // A socket as the "file" (sendfile(2) refuses a socket as its input).
    let (src, feed) = bsdsock::socketpair_default().unwrap();
    feed.sendall(b"not a regular file").unwrap();
    feed.shutdown(SHUT_WR).unwrap();
    let (a, b) = bsdsock::socketpair_default().unwrap();
    let rx = drain(b);
    assert_eq!(a.sendfile(&src, 0, None).unwrap(), 18);
    // A character device with a count: Python 3.13 returns 0 for any file whose size is 0;
    // bsdsock sends the count, as Python's documentation says.
    let zero = std::fs::File::open("/dev/zero").unwrap();
    assert_eq!(a.sendfile(&zero, 0, Some(1000)).unwrap(), 1000);
    drop(a);
    let got = rx.join().unwrap();
    assert_eq!(&got[..18], b"not a regular file");
    assert_eq!(got[18..], [0u8; 1000]);
}

#[test]
#[cfg_attr(miri, ignore)]
fn sendfile_timeout_caps_the_whole_call_and_the_position_says_what_went() {
    // A peer that never reads: the timeout ends the call, and the file position tells how
    // many bytes went out (Python: "file.tell() can be used to figure out the number of
    // bytes which were sent").
    let mut f = TempFile::new("timeout", b"");
    std::fs::OpenOptions::new().write(true).open(&f.path).unwrap().set_len(16 << 20).unwrap();
    let (a, b) = bsdsock::socketpair_default().unwrap();
    a.settimeout(Some(0.2)).unwrap();
    assert_eq!(a.sendfile(&f.file, 0, None), Err(Error::Timeout));
    let went = f.pos();
    assert!(went > 0 && went < 16 << 20, "{went}");
    // The peer holds exactly those bytes.
    b.setblocking(false).unwrap();
    let mut got = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    while let Ok(n) = b.recv_into(&mut buf, 0) {
        assert!(n > 0 && buf[..n].iter().all(|&x| x == 0));
        got += n as u64;
    }
    assert_eq!(got, went);
}

#[test]
#[cfg_attr(miri, ignore)]
fn sendfile_over_tcp_in_timeout_mode() {
    let data = pattern(1 << 20);
    let f = TempFile::new("tcp", &data);
    let l = bsdsock::create_server(("127.0.0.1", 0), AF_INET, None, false, false).unwrap();
    let port = l.getsockname().unwrap().as_socket_addr().unwrap().port();
    let c = bsdsock::create_connection(("127.0.0.1", port), bsdsock::Timeout::Seconds(10.0), None)
        .unwrap();
    let (conn, _) = l.accept().unwrap();
    let rx = drain(conn);
    assert_eq!(c.sendfile(&f.file, 0, None).unwrap(), data.len());
    drop(c);
    assert_eq!(rx.join().unwrap(), data);
}

#[test]
fn getblocking_is_pythons_gettimeout_not_zero() {
    let (a, _b) = bsdsock::socketpair_default().unwrap();
    assert!(a.getblocking());
    a.settimeout(Some(0.5)).unwrap();
    assert!(a.getblocking()); // timeout mode counts as blocking, as in Python
    a.setblocking(false).unwrap();
    assert!(!a.getblocking());
    a.settimeout(Some(0.0)).unwrap();
    assert!(!a.getblocking());
    a.setblocking(true).unwrap();
    assert!(a.getblocking());
}

#[test]
#[cfg_attr(miri, ignore)]
fn sockets_are_not_inheritable_until_asked() {
    let l = bsdsock::create_server(("127.0.0.1", 0), AF_INET, None, false, false).unwrap();
    let c = bsdsock::socket(AF_INET, SOCK_STREAM, 0).unwrap();
    c.connect(l.getsockname().unwrap()).unwrap();
    let (conn, _) = l.accept().unwrap();
    let (p, q) = bsdsock::socketpair_default().unwrap();
    let from = bsdsock::fromfd(&p, AF_UNIX, SOCK_STREAM, 0).unwrap();
    for s in [&l, &c, &conn, &p, &q, &from] {
        assert!(!s.get_inheritable().unwrap(), "{s:?}");
    }
    // The flag belongs to each descriptor: p's copy (fromfd) and a dup keep their own.
    p.set_inheritable(true).unwrap();
    assert!(p.get_inheritable().unwrap());
    assert!(!from.get_inheritable().unwrap());
    assert!(!p.dup().unwrap().get_inheritable().unwrap());
    p.set_inheritable(true).unwrap(); // no change, no error
    p.set_inheritable(false).unwrap();
    assert!(!p.get_inheritable().unwrap());
    // A socket taken over from std (a foreign owner until then) works the same.
    let std_sock = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let s = Socket::from(std_sock);
    s.set_inheritable(true).unwrap();
    assert!(s.get_inheritable().unwrap());
}

#[test]
#[cfg_attr(miri, ignore)]
fn set_inheritable_after_another_holder_closed_the_descriptor_is_ebadf() {
    const CHILD: &str = "BSDSOCK_PY313_EBADF_CHILD";
    let name = "set_inheritable_after_another_holder_closed_the_descriptor_is_ebadf";
    if std::env::var_os(CHILD).is_some() {
        // In a process of its own, where no other test can take the number that is freed.
        let s = bsdsock::socket(AF_UNIX, SOCK_STREAM, 0).unwrap();
        // SAFETY: deliberately not sound for `s`: another holder closes its descriptor, the
        // situation this test is about. `s` is forgotten below, never closed twice, and
        // nothing else in this process opens a descriptor in between.
        drop(unsafe { Fd::from_raw(s.fileno()) });
        let e = s.set_inheritable(true).unwrap_err();
        assert_eq!(e, Error::Os(EBADF));
        assert_eq!(s.get_inheritable(), Err(Error::Os(EBADF)));
        if cfg!(target_os = "linux") {
            assert_eq!(e.to_string(), format!("[Errno {EBADF}] Bad file descriptor")); // Python's OSError
        }
        std::mem::forget(s);
        return;
    }
    if let Some(q) = qemu_user() {
        skip_note(name, &format!("re-runs itself in a child process, which {q} would not run"));
        return;
    }
    // The command line this process was started with, up to the test binary: empty when it
    // runs directly, the dynamic loader and its options when a cross target's runner
    // started it through one (i686 here).
    let me = std::env::args().next().unwrap();
    let cmdline = std::fs::read("/proc/self/cmdline").unwrap_or_default();
    let argv: Vec<String> =
        cmdline.split(|&b| b == 0).map(|a| String::from_utf8_lossy(a).into_owned()).collect();
    let prefix = argv.iter().position(|a| *a == me).map_or(&argv[..0], |k| &argv[..k]);
    let (program, first) = match prefix.split_first() {
        Some((loader, opts)) => (loader.clone(), opts.to_vec()),
        None => (me.clone(), Vec::new()),
    };
    let mut args = first;
    if !prefix.is_empty() {
        args.push(me);
    }
    args.extend([name.to_string(), "--exact".into(), "--test-threads=1".into()]);
    let out = std::process::Command::new(program).args(args).env(CHILD, "1").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("1 passed"), "child: {text}");
}

#[test]
#[cfg_attr(miri, ignore)]
fn detach_gives_up_the_object_and_keeps_the_descriptor() {
    let (a, b) = bsdsock::socketpair_default().unwrap();
    let fd = a.detach();
    assert_eq!(same_file_fds(fd.raw()), 1);
    // Still the same open socket: take it over again and use it.
    let again = Socket::from(OwnedFd::from(fd));
    again.sendall(b"after detach").unwrap();
    assert_eq!(b.recv(32).unwrap(), b"after detach");
    // Dropping the owner closes it: the peer sees end of file.
    let fd = again.detach();
    drop(fd);
    assert_eq!(b.recv(1).unwrap(), b"");
}
