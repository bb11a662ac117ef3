/* A minimal getaddrinfo client for the DNS tests: resolves argv[1] with AF_UNSPEC and flags 0
 * (no AI_ADDRCONFIG, so AAAA goes out even without a global IPv6 address) and prints one address per line.
 * Exit 0 when resolved, 2 when getaddrinfo failed (the error text goes to stdout). */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

int main(int argc, char **argv)
{
    struct addrinfo hints, *res, *p;
    char buf[INET6_ADDRSTRLEN];
    int rc;

    if (argc < 2) {
        fprintf(stderr, "usage: gai NAME\n");
        return 64;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = 0;
    rc = getaddrinfo(argv[1], NULL, &hints, &res);
    if (rc != 0) {
        printf("error %d %s\n", rc, gai_strerror(rc));
        return 2;
    }
    for (p = res; p != NULL; p = p->ai_next) {
        const void *addr = p->ai_family == AF_INET
            ? (const void *)&((struct sockaddr_in *)p->ai_addr)->sin_addr
            : (const void *)&((struct sockaddr_in6 *)p->ai_addr)->sin6_addr;
        if (inet_ntop(p->ai_family, addr, buf, sizeof buf) != NULL) {
            printf("%s\n", buf);
        }
    }
    freeaddrinfo(res);
    return 0;
}
