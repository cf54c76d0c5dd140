//! A raw AF_PACKET sniffer (Linux, root or CAP_NET_RAW): every frame on an interface
//! (default `lo`) with Python's address tuple for it — `('lo', 2048, 0, 772, b'...')` —
//! and what it carries. It makes some UDP traffic on 127.0.0.1 itself, so there is
//! something to see.
//!
//! `sudo cargo run --example packet_sniffer [-- IFNAME [COUNT]]`

#[cfg(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET"))]
fn main() -> bsdsock::Result<()> {
    use bsdsock::{
        AF_INET, AF_PACKET, ETH_P_ALL, PACKET_OUTGOING, PacketAddr, SOCK_DGRAM, SOCK_RAW, SockAddr,
        htons,
    };

    let ifname = std::env::args().nth(1).unwrap_or_else(|| "lo".into());
    let count: usize = std::env::args().nth(2).and_then(|c| c.parse().ok()).unwrap_or(8);
    let sniffer = match bsdsock::socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL as u16) as i32) {
        Ok(s) => s,
        Err(e) => {
            eprintln!(
                "socket(AF_PACKET, SOCK_RAW, ETH_P_ALL): {e} (run as root, or with CAP_NET_RAW)"
            );
            std::process::exit(1);
        }
    };
    sniffer.bind(PacketAddr::from_name(&ifname, ETH_P_ALL as u16)?)?;
    sniffer.settimeout(Some(2.0))?;
    println!("sniffing on {} (index {})", ifname, bsdsock::if_nametoindex(&ifname)?);

    // Some traffic to look at: three datagrams from one loopback UDP socket to another.
    let rx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    rx.bind(("127.0.0.1", 0))?;
    let tx = bsdsock::socket(AF_INET, SOCK_DGRAM, 0)?;
    for i in 0..3 {
        tx.sendto(format!("ping {i}").as_bytes(), rx.getsockname()?)?;
    }

    let mut frame = [0u8; 2048];
    for _ in 0..count {
        let (n, from) = match sniffer.recvfrom_into(&mut frame, 0) {
            Ok(r) => r,
            Err(bsdsock::Error::Timeout) => {
                println!("(nothing more within 2 s)");
                break;
            }
            Err(e) => return Err(e),
        };
        let Some(SockAddr::Packet(a)) = from else { continue };
        let dir = if a.pkttype as i32 == PACKET_OUTGOING { "out" } else { "in " };
        print!("{dir} {n:4} bytes from {a}");
        // Ethernet header (14 bytes), then an IPv4 header if EtherType is 0x0800.
        if n >= 34 && frame[12..14] == [0x08, 0x00] {
            let ip = &frame[14..n];
            let proto = match ip[9] {
                1 => "icmp",
                6 => "tcp",
                17 => "udp",
                _ => "ip",
            };
            print!(
                "  {proto} {}.{}.{}.{} -> {}.{}.{}.{}",
                ip[12], ip[13], ip[14], ip[15], ip[16], ip[17], ip[18], ip[19]
            );
        }
        println!();
    }
    Ok(())
}

#[cfg(not(all(bsdsock_have = "linux_if_packet_h", bsdsock_const = "AF_PACKET")))]
fn main() {
    eprintln!("AF_PACKET is Linux's; this target has no <linux/if_packet.h>");
}
