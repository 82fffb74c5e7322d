/*
 * smtp-test.h: what the SMTP integration tests share: the sandbox's
 * settings (from the environment run-smtp-test.sh exports), endpoints for
 * alice, composing a message with mime/build, waiting for it in a Maildir,
 * and the fake server smtp-fake.py, started and stopped by the test itself.
 */
#ifndef TAUBE_TEST_SMTP_TEST_H
#define TAUBE_TEST_SMTP_TEST_H

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "mime/addr.h"
#include "mime/build.h"
#include "mime/header.h"
#include "mime/message.h"
#include "net/net.h"
#include "net/smtp.h"
#include "sbx-child.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct sbx {
	const char *dir, *host, *ca, *scripts;
	unsigned submission, submissions;
	const char *user, *password;
	const char *alice_maildir, *bob_maildir;
};

static struct sbx sbx;

static inline const char *
sbx_env(const char *name)
{
	return sbx_env_from(name, "run-smtp-test.sh");
}

/* The settings every SMTP test needs; with_postfix adds the submission ports and Maildirs. */
static inline void
sbx_load(bool with_postfix)
{
	sbx.dir = sbx_env("SANDBOX_DIR");
	sbx.host = sbx_env("SANDBOX_HOST");
	sbx.ca = sbx_env("SANDBOX_CA");
	sbx.scripts = sbx_env("SMTP_TEST_SCRIPTS");
	sbx.user = "alice";
	sbx.password = sbx_env("SANDBOX_ALICE_PASSWORD");
	if (!with_postfix)
		return;
	sbx.submission = (unsigned)atoi(sbx_env("SANDBOX_SUBMISSION_PORT"));
	sbx.submissions = (unsigned)atoi(sbx_env("SANDBOX_SUBMISSIONS_PORT"));
	sbx.alice_maildir = sbx_env("SANDBOX_ALICE_MAILDIR");
	sbx.bob_maildir = sbx_env("SANDBOX_BOB_MAILDIR");
}

/* alice over tls to port, trusting the sandbox CA, with short timeouts (a hang is a failure). */
static inline void
sbx_endpoint(struct net_endpoint *ep, enum net_tls tls, unsigned port)
{
	net_endpoint_init(ep);
	ep->host = sbx.host;
	ep->port = port;
	ep->tls = tls;
	ep->user = sbx.user;
	ep->password = sbx.password;
	ep->ca_file = sbx.ca;
	ep->connect_timeout_ms = 5000;
	ep->io_timeout_ms = 10000;
}

/* A subject no earlier test used: "tag #pid.n". */
static inline char *
unique_subject(const char *tag)
{
	static unsigned n;

	return xasprintf("%s #%ld.%u", tag, (long)getpid(), ++n);
}

static inline void
add_addr(struct vec *v, const char *email)
{
	struct mime_addr *a = vec_push_zero(v);

	a->email = xstrdup(email);
}

/* A message from alice to `to` with subject and text, as the composer writes it (CRLF, 7-bit). */
static inline void
compose(struct buf *out, const char *to, const char *subject, const char *text,
    const char *att, size_t att_len)
{
	struct mime_builder b;
	struct err e;

	mime_builder_init(&b);
	add_addr(&b.from, "alice@example.test");
	add_addr(&b.to, to);
	b.subject = xstrdup(subject);
	b.text = xstrdup(text);
	if (att != NULL) {
		struct mime_attachment *a = vec_push_zero(&b.attachments);

		a->filename = xstrdup("data.bin");
		a->type = xstrdup("application/octet-stream");
		a->data = att;
		a->len = att_len;
	}
	buf_reset(out);
	if (mime_build(out, &b, &e) < 0)
		printf("# mime_build: %s\n", e.msg);
	mime_builder_free(&b);
}

/* The first max bytes of a file. */
static inline void
read_head(struct buf *out, const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	char *chunk = xmalloc(max);
	size_t n;

	buf_reset(out);
	if (f != NULL) {
		n = fread(chunk, 1, max, f);
		buf_add(out, chunk, n);
		fclose(f);
	}
	free(chunk);
}

/* Whether the message in raw has exactly this Subject (decoded). */
static inline bool
has_subject(const struct buf *raw, const char *subject)
{
	struct mime_header h;
	const struct mime_field *f;
	struct buf text = BUF_INIT;
	bool same;

	mime_header_init(&h);
	mime_header_scan(&h, raw->data, raw->len);
	f = mime_header_find(&h, "Subject");
	if (f != NULL)
		mime_field_text(&text, f);
	same = f != NULL && strcmp(buf_cstr(&text), subject) == 0;
	buf_free(&text);
	mime_header_free(&h);
	return same;
}

/* The path of the message in dir with this Subject, or NULL. */
static inline char *
find_subject(const char *dir, const char *subject)
{
	struct buf head = BUF_INIT;
	struct dirent *de;
	char *path = NULL;
	DIR *d = opendir(dir);

	while (d != NULL && path == NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		read_head(&head, path, 65536);
		if (!has_subject(&head, subject)) {
			free(path);
			path = NULL;
		}
	}
	if (d != NULL)
		closedir(d);
	buf_free(&head);
	return path;
}

/*
 * Waits up to timeout_s for a message with this Subject in maildir/new and
 * puts it in out; false (out empty) when none came.
 */
static inline bool
maildir_wait(struct buf *out, const char *maildir, const char *subject, double timeout_s)
{
	char *dir = xasprintf("%s/new", maildir), *path;
	double end = now_s() + timeout_s;

	buf_reset(out);
	while ((path = find_subject(dir, subject)) == NULL && now_s() < end)
		usleep(50000);
	if (path != NULL)
		read_file(out, path);
	free(path);
	free(dir);
	return out->len > 0;
}

/* The fake server, in its own process. */
struct fake {
	struct sbx_child c;
	char record[512];	/* every byte clients sent; absent until one connects */
};

/* Starts smtp-fake.py in mode and reads the port it listens on. */
static inline int
fake_start(struct fake *f, const char *mode)
{
	static unsigned n;
	char script[1024], cert[1024], key[1024];
	const char *argv[] = { "python3", script, "--tls", cert, key, "--record", f->record,
	    "--mode", mode, NULL };

	snprintf(script, sizeof(script), "%s/smtp-fake.py", sbx.scripts);
	snprintf(cert, sizeof(cert), "%s/tls/server.pem", sbx.dir);
	snprintf(key, sizeof(key), "%s/tls/server.key", sbx.dir);
	snprintf(f->record, sizeof(f->record), "%s/smtp-fake-%u.rec", sbx.dir, ++n);
	unlink(f->record);
	return sbx_child_start(&f->c, argv);
}

static inline void
fake_stop(struct fake *f)
{
	sbx_child_stop(&f->c);
}

static inline bool
fake_was_connected(const struct fake *f)
{
	struct stat st;

	return stat(f->record, &st) == 0;
}

#endif
