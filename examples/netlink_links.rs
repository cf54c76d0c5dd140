//! List the machine's network interfaces through NETLINK_ROUTE: one RTM_GETLINK dump
//! request (NLM_F_REQUEST | NLM_F_DUMP) sent with `sendto` to the kernel `(0, 0)`, then
//! `recv` until NLMSG_DONE. Every value and layout comes from the probe (`bsdsock::NETLINK_*`,
//! `bsdsock::rtnetlink::*`, `bsdsock::layout`); the replies are parsed at byte offsets,
//! without `unsafe`, in bounded loops.
//!
//! ```text
//! cargo run --example netlink_links
//! 1: lo
//! 2: eth0
//! ```
//!
//! Linux only (gated on `<linux/netlink.h>`); elsewhere it says so and exits.

#[cfg(bsdsock_have = "linux_netlink_h")]
pub mod rt {
    use bsdsock::layout::{
        OFFSET_IFINFOMSG__IFI_FAMILY, OFFSET_IFINFOMSG__IFI_INDEX, OFFSET_NLMSGERR__ERROR,
        OFFSET_NLMSGHDR__NLMSG_FLAGS, OFFSET_NLMSGHDR__NLMSG_LEN, OFFSET_NLMSGHDR__NLMSG_SEQ,
        OFFSET_NLMSGHDR__NLMSG_TYPE, OFFSET_RTATTR__RTA_LEN, OFFSET_RTATTR__RTA_TYPE,
        SIZE_IFINFOMSG, SIZE_NLMSGHDR, SIZE_RTATTR,
    };
    use bsdsock::rtnetlink::{IFLA_IFNAME, RTM_GETLINK, RTM_NEWLINK};
    use bsdsock::{
        AF_NETLINK, AF_UNSPEC, Error, NETLINK_ROUTE, NLM_F_DUMP, NLM_F_REQUEST, NLMSG_ALIGNTO,
        NLMSG_DONE, NLMSG_ERROR, SOCK_RAW, SockAddr,
    };

    /// NLMSG_ALIGN / RTA_ALIGN (both 4; the probe's NLMSG_ALIGNTO).
    fn align(n: usize) -> usize {
        let a = NLMSG_ALIGNTO as usize;
        n.saturating_add(a - 1) & !(a - 1)
    }

    fn u16_at(b: &[u8], off: usize) -> Option<u16> {
        Some(u16::from_ne_bytes(b.get(off..off + 2)?.try_into().ok()?))
    }

    fn u32_at(b: &[u8], off: usize) -> Option<u32> {
        Some(u32::from_ne_bytes(b.get(off..off + 4)?.try_into().ok()?))
    }

    fn put(b: &mut [u8], off: usize, v: &[u8]) {
        b[off..off + v.len()].copy_from_slice(v);
    }

    /// The RTM_GETLINK dump request: nlmsghdr + ifinfomsg (family AF_UNSPEC).
    pub fn request(seq: u32) -> [u8; SIZE_NLMSGHDR + SIZE_IFINFOMSG] {
        let mut b = [0u8; SIZE_NLMSGHDR + SIZE_IFINFOMSG];
        let len = b.len() as u32;
        put(&mut b, OFFSET_NLMSGHDR__NLMSG_LEN, &len.to_ne_bytes());
        put(&mut b, OFFSET_NLMSGHDR__NLMSG_TYPE, &(RTM_GETLINK as u16).to_ne_bytes());
        let flags = (NLM_F_REQUEST | NLM_F_DUMP) as u16;
        put(&mut b, OFFSET_NLMSGHDR__NLMSG_FLAGS, &flags.to_ne_bytes());
        put(&mut b, OFFSET_NLMSGHDR__NLMSG_SEQ, &seq.to_ne_bytes());
        b[SIZE_NLMSGHDR + OFFSET_IFINFOMSG__IFI_FAMILY] = AF_UNSPEC as u8;
        b
    }

    /// What one datagram of the reply held.
    #[derive(Debug, Default)]
    pub struct Batch {
        /// `(index, name)` of each RTM_NEWLINK message.
        pub links: Vec<(i32, String)>,
        /// NLMSG_DONE seen.
        pub done: bool,
        /// The errno of an NLMSG_ERROR message (positive), if one came.
        pub error: Option<i32>,
    }

    /// Parse the netlink messages in one datagram. Malformed lengths end the walk.
    pub fn parse(buf: &[u8], seq: u32) -> Batch {
        let mut out = Batch::default();
        let mut pos = 0;
        // Each turn consumes at least one header, so this ends within buf.len()/16 turns.
        while pos + SIZE_NLMSGHDR <= buf.len() {
            let m = &buf[pos..];
            let Some(len) = u32_at(m, OFFSET_NLMSGHDR__NLMSG_LEN).map(|l| l as usize) else {
                break;
            };
            if len < SIZE_NLMSGHDR || len > m.len() {
                break;
            }
            let ty = u16_at(m, OFFSET_NLMSGHDR__NLMSG_TYPE).unwrap_or(0) as i32;
            let mseq = u32_at(m, OFFSET_NLMSGHDR__NLMSG_SEQ).unwrap_or(0);
            let body = &m[SIZE_NLMSGHDR..len];
            if mseq == seq {
                if ty == NLMSG_DONE {
                    out.done = true;
                } else if ty == NLMSG_ERROR {
                    let e = u32_at(body, OFFSET_NLMSGERR__ERROR).unwrap_or(0) as i32;
                    out.error = Some(-e);
                    out.done = true;
                } else if ty == RTM_NEWLINK {
                    if let Some(link) = parse_link(body) {
                        out.links.push(link);
                    }
                }
            }
            pos += align(len);
        }
        out
    }

    /// ifinfomsg + rtattrs: the index and the IFLA_IFNAME attribute.
    fn parse_link(body: &[u8]) -> Option<(i32, String)> {
        let index = u32_at(body, OFFSET_IFINFOMSG__IFI_INDEX)? as i32;
        let mut attrs = body.get(align(SIZE_IFINFOMSG)..)?;
        while attrs.len() >= SIZE_RTATTR {
            let alen = u16_at(attrs, OFFSET_RTATTR__RTA_LEN)? as usize;
            let aty = u16_at(attrs, OFFSET_RTATTR__RTA_TYPE)? as i32;
            if alen < SIZE_RTATTR || alen > attrs.len() {
                return None;
            }
            if aty == IFLA_IFNAME {
                let v = &attrs[SIZE_RTATTR..alen];
                let v = &v[..v.iter().position(|&c| c == 0).unwrap_or(v.len())];
                return Some((index, String::from_utf8_lossy(v).into_owned()));
            }
            attrs = attrs.get(align(alen)..).unwrap_or(&[]);
        }
        None
    }

    /// Dump the links: `(index, name)` in the kernel's order.
    pub fn list_links() -> Result<Vec<(i32, String)>, Error> {
        let s = bsdsock::socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)?;
        s.bind((0u32, 0u32))?;
        s.settimeout(Some(5.0))?;
        let seq = 1;
        s.sendto(&request(seq), (0u32, 0u32))?;
        let mut links = Vec::new();
        let mut buf = vec![0u8; 32 * 1024];
        // A dump of N links comes in a few datagrams; 10_000 bounds a runaway kernel.
        for _ in 0..10_000 {
            let (n, from) = s.recvfrom_into(&mut buf, 0)?;
            if from != Some(SockAddr::Netlink { pid: 0, groups: 0 }) {
                continue; // not from the kernel
            }
            let batch = parse(&buf[..n], seq);
            links.extend(batch.links);
            if let Some(e) = batch.error.filter(|&e| e != 0) {
                return Err(Error::Os(e));
            }
            if batch.done {
                return Ok(links);
            }
        }
        Err(Error::Socket("netlink dump did not finish"))
    }
}

#[cfg(bsdsock_have = "linux_netlink_h")]
#[allow(dead_code)]
fn main() -> Result<(), bsdsock::Error> {
    for (index, name) in rt::list_links()? {
        println!("{index}: {name}");
    }
    Ok(())
}

#[cfg(not(bsdsock_have = "linux_netlink_h"))]
#[allow(dead_code)]
fn main() {
    println!("netlink_links: this target has no <linux/netlink.h>");
}
