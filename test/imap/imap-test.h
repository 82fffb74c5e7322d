/*
 * imap-test.h: what the IMAP integration tests share: the sandbox's
 * settings (from the environment run-imap-test.sh exports), endpoints for
 * alice, the independent imaplib client (test/lib/imapcheck.py), and the small fake
 * servers in imap-proxy.py, started and stopped by the test itself.
 */
#ifndef TAUBE_TEST_IMAP_TEST_H
#define TAUBE_TEST_IMAP_TEST_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "net/net.h"
#include "sbx-child.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct sbx {
	const char *dir, *host, *ca, *scripts;
	unsigned imap, imaps, remote;
	const char *user, *password;
};

static struct sbx sbx;

static inline const char *
sbx_env(const char *name)
{
	return sbx_env_from(name, "run-imap-test.sh");
}

static inline void
sbx_load(void)
{
	sbx.dir = sbx_env("SANDBOX_DIR");
	sbx.host = sbx_env("SANDBOX_HOST");
	sbx.ca = sbx_env("SANDBOX_CA");
	sbx.scripts = sbx_env("IMAP_TEST_SCRIPTS");
	sbx.imap = (unsigned)atoi(sbx_env("SANDBOX_IMAP_PORT"));
	sbx.imaps = (unsigned)atoi(sbx_env("SANDBOX_IMAPS_PORT"));
	sbx.remote = (unsigned)atoi(sbx_env("SANDBOX_IMAP_REMOTE_PORT"));
	sbx.user = "alice";
	sbx.password = sbx_env("SANDBOX_ALICE_PASSWORD");
}

/* alice over tls, trusting the sandbox CA, with short timeouts (a hang is a failure). */
static inline void
sbx_endpoint(struct net_endpoint *ep, enum net_tls tls)
{
	net_endpoint_init(ep);
	ep->host = sbx.host;
	ep->port = tls == NET_TLS_IMPLICIT ? sbx.imaps : sbx.imap;
	ep->tls = tls;
	ep->user = sbx.user;
	ep->password = sbx.password;
	ep->ca_file = sbx.ca;
	ep->connect_timeout_ms = 5000;
	ep->io_timeout_ms = 10000;
}

/*
 * Runs `python3 imapcheck.py ARGS` (ARGS printf-style, already quoted for
 * the shell) and puts what it printed in out. Returns its exit status.
 */
static inline int __attribute__((format(printf, 2, 3)))
pycheck(struct buf *out, const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	char chunk[65536];
	va_list ap;
	size_t n;
	FILE *f;
	int st;

	buf_addf(&cmd, "python3 '%s/../lib/imapcheck.py' ", sbx.scripts);
	va_start(ap, fmt);
	buf_vaddf(&cmd, fmt, ap);
	va_end(ap);
	if (out != NULL)
		buf_reset(out);
	fflush(stdout);
	f = popen(buf_cstr(&cmd), "r");
	buf_free(&cmd);
	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (out != NULL)
			buf_add(out, chunk, n);
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A fake server from imap-proxy.py, in its own process. */
#define proxy sbx_child

/* Starts imap-proxy.py with args (NULL-terminated) and reads the port it listens on. */
static inline int
proxy_start(struct proxy *p, const char *const *args)
{
	char script[4096];
	const char *argv[32];
	size_t n = 0;

	snprintf(script, sizeof(script), "%s/imap-proxy.py", sbx.scripts);
	argv[n++] = "python3";
	argv[n++] = script;
	while (*args != NULL && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	return sbx_child_start(p, argv);
}

static inline void
proxy_stop(struct proxy *p)
{
	sbx_child_stop(p);
}

static inline void
write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f != NULL) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

#endif
