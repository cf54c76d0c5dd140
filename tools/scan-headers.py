import subprocess, re, sys, os
H = ["sys/socket.h","netinet/in.h","netinet/tcp.h","netinet/udp.h","netdb.h","sys/un.h","errno.h","poll.h","fcntl.h",
     "linux/netlink.h","linux/rtnetlink.h","linux/if_link.h","linux/tipc.h","linux/can.h","linux/can/raw.h","linux/can/bcm.h",
     "linux/can/j1939.h","linux/if_alg.h","linux/vm_sockets.h","linux/if_packet.h"]
FCNTL_KEEP = {"F_GETFL","F_SETFL","F_GETFD","F_SETFD","F_DUPFD_CLOEXEC","FD_CLOEXEC","O_NONBLOCK","O_CLOEXEC","O_RDWR","O_RDONLY","O_WRONLY"}
pref = {
 "sys/socket.h": r"(AF|PF|SOCK|SOL|SO|SOMAXCONN|MSG|SCM|SHUT)($|_)",
 "netinet/in.h": r"(IPPROTO|IPPORT|INADDR|IP|IPV6|SOL|MCAST)_",
 "netinet/tcp.h": r"(TCP|SOL)_",
 "netinet/udp.h": r"(UDP|UDPLITE|SOL)_",
 "netdb.h": r"(EAI|AI|NI|IPPORT)_",
 "sys/un.h": r"^$",
 "errno.h": r"E[A-Z0-9]+$",
 "poll.h": r"POLL",
 "fcntl.h": r"(F|FD|O)_",
 "linux/netlink.h": r"(NETLINK|NLM_F|NLMSG|NLA|NL)_",
 "linux/rtnetlink.h": r"(RTM|RTMGRP|RTNLGRP|RTA|RTN|RTPROT|RT_SCOPE|RT_TABLE|RTF|IFA)_",
 "linux/if_link.h": r"IFLA_",
 "linux/tipc.h": r"TIPC_",
 "linux/can.h": r"(CAN|SOL_CAN|AF_CAN)",
 "linux/can/raw.h": r"CAN_",
 "linux/can/bcm.h": r"(CAN|TX|RX|SETTIMER|STARTTIMER)",
 "linux/can/j1939.h": r"(J1939|SCM_J1939|SO_J1939|SOL_CAN)",
 "linux/if_alg.h": r"ALG_",
 "linux/vm_sockets.h": r"(VMADDR|SO_VM|IOCTL_VM|VM_SOCKETS)",
 "linux/if_packet.h": r"PACKET_",
}
def macros(h, sock=True):
    src = "#define _GNU_SOURCE 1\n#include <sys/types.h>\n%s#include <%s>\n" % ("#include <sys/socket.h>\n" if sock else "", h)
    out = subprocess.run(["gcc","-E","-dM","-x","c","-"],input=src,capture_output=True,text=True).stdout
    return {l.split()[1] for l in out.splitlines() if l.startswith("#define ") and "(" not in l.split()[1]}
base = macros("sys/types.h", False)
seen = set(base)
groups = []
for h in H:
    m = macros(h) - seen
    
    sel = sorted(n for n in m if re.match(pref[h], n))
    if h == "fcntl.h": sel = [n for n in sel if n in FCNTL_KEEP]
    seen |= m
    groups.append((h, sel))
for h, sel in groups:
    print("@", h, len(sel), file=sys.stderr)
import json; json.dump(groups, open("groups.json","w"))
