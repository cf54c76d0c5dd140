//! Every integer constant CPython 3.13's socket module has on x86_64 Linux is in
//! `bsdsock::CONSTANTS` with the same value (tests/data/cpython313-x86_64-linux-constants.txt,
//! written from `dir(socket)` of CPython 3.13.0 built on the same headers).

#[test]
#[cfg(all(target_arch = "x86_64", target_os = "linux", target_env = "gnu"))]
fn every_cpython_313_constant_is_here_with_its_value() {
    let list = include_str!("data/cpython313-x86_64-linux-constants.txt");
    let mut missing = Vec::new();
    let mut differ = Vec::new();
    let mut n = 0;
    for line in list.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
        let (name, value) = line.split_once(' ').expect("NAME VALUE");
        let value: i64 = value.parse().expect("an integer");
        n += 1;
        match bsdsock::constant(name) {
            None => missing.push(name),
            Some(v) if v != value => differ.push(format!("{name}: CPython {value}, bsdsock {v}")),
            Some(_) => {}
        }
    }
    assert!(n > 300, "the list has {n} names");
    assert!(missing.is_empty() && differ.is_empty(), "missing {missing:?}, different {differ:?}");
}

#[test]
fn the_constants_cpython_313_added_for_linux_are_probed() {
    // ETH_P_ALL from <linux/if_ether.h>, ETHERTYPE_* from <net/ethernet.h>: where the
    // target's headers have them (every Linux; ETHERTYPE_* on the BSDs too).
    #[cfg(bsdsock_have = "linux_if_ether_h")]
    assert_eq!(bsdsock::ETH_P_ALL, 3); // linux/if_ether.h: #define ETH_P_ALL 0x0003
    #[cfg(bsdsock_have = "net_ethernet_h")]
    {
        assert_eq!(bsdsock::ETHERTYPE_IP, 0x0800); // net/ethernet.h: #define ETHERTYPE_IP 0x0800
        assert_eq!(bsdsock::ETHERTYPE_ARP, 0x0806); // net/ethernet.h: #define ETHERTYPE_ARP 0x0806
        assert_eq!(bsdsock::ETHERTYPE_IPV6, 0x86dd);
        assert_eq!(bsdsock::ETHERTYPE_VLAN, 0x8100);
    }
}
