/* udp_burst variants (bench/RESULTS-msg.md, "Looking for a fair 3x"): payload size, one thread
 * (burst send then receive, one core) or sender and receiver on separate cores, per-call
 * send/recv against sendmmsg/recvmmsg of 32. Usage: udp_variants PAYLOAD N BATCHED SPLIT.
 * Build: cc -O2 -pthread -o udp_variants bench/c/udp_variants.c */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <sched.h>
#define B 32
static int tx, rx, PAY, N, batched, split;
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e9+t.tv_nsec;}
static void pin(int c){cpu_set_t s;CPU_ZERO(&s);CPU_SET(c,&s);sched_setaffinity(0,sizeof s,&s);}
static void *sender(void*a){ if(split)pin(0); char d[2048]={7}; struct mmsghdr m[B]; struct iovec v[B];
 for(int i=0;i<B;i++){v[i].iov_base=d;v[i].iov_len=PAY;memset(&m[i],0,sizeof m[i]);m[i].msg_hdr.msg_iov=&v[i];m[i].msg_hdr.msg_iovlen=1;}
 for(int s=0;s<N;){ if(batched){int k=sendmmsg(tx,m,B,0); if(k<0){perror("sendmmsg");exit(1);} s+=k;} else { if(send(tx,d,PAY,0)<0){perror("send");exit(1);} s++; } }
 return 0;}
int main(int c,char**v){PAY=atoi(v[1]);N=atoi(v[2]);batched=atoi(v[3]);split=atoi(v[4]);
 struct sockaddr_in a={.sin_family=AF_INET,.sin_addr.s_addr=htonl(0x7f000001)}; socklen_t l=sizeof a;
 rx=socket(AF_INET,SOCK_DGRAM,0); int big=64<<20; setsockopt(rx,SOL_SOCKET,SO_RCVBUFFORCE,&big,4); setsockopt(rx,SOL_SOCKET,SO_RCVBUF,&big,4);
 bind(rx,(void*)&a,l); getsockname(rx,(void*)&a,&l); tx=socket(AF_INET,SOCK_DGRAM,0); connect(tx,(void*)&a,l);
 if(split)pin(1); else pin(1);
 char bufs[B][2048]; struct mmsghdr m[B]; struct iovec iv[B];
 for(int i=0;i<B;i++){iv[i].iov_base=bufs[i];iv[i].iov_len=2048;memset(&m[i],0,sizeof m[i]);m[i].msg_hdr.msg_iov=&iv[i];m[i].msg_hdr.msg_iovlen=1;}
 double t0=now(); pthread_t th; 
 if(split){pthread_create(&th,0,sender,0);} 
 int got=0, sent=0; char d[2048]={7};
 while(got<N){
   if(!split){ /* same thread: burst send then receive */
     int b=B; if(batched){ struct mmsghdr sm[B]; struct iovec sv[B]; for(int i=0;i<B;i++){sv[i].iov_base=d;sv[i].iov_len=PAY;memset(&sm[i],0,sizeof sm[i]);sm[i].msg_hdr.msg_iov=&sv[i];sm[i].msg_hdr.msg_iovlen=1;} sendmmsg(tx,sm,B,0);} else for(int i=0;i<b;i++) send(tx,d,PAY,0);
     int r=0; while(r<b){ if(batched){int k=recvmmsg(rx,m+r,b-r,0,0); r+=k;} else { recv(rx,bufs[0],2048,0); r++; } } got+=b;
   } else { if(batched){int k=recvmmsg(rx,m,B,0,0); if(k<0){perror("recvmmsg");exit(1);} got+=k;} else { if(recv(rx,bufs[0],2048,0)<0){perror("recv");exit(1);} got++; } }
 }
 double t=now()-t0; if(split)pthread_join(th,0);
 printf("pay=%d batched=%d split=%d: %.0f ns/dgram\n",PAY,batched,split,t/N); return 0;}
