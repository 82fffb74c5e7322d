/* net-text.c: what net/ shares without libcurl: endpoints and their timeouts, secrets, a server's words for a message. */
#include "net/net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/str.h"

void
net_endpoint_init(struct net_endpoint *ep)
{
	memset(ep, 0, sizeof(*ep));
	ep->cancel_fd = -1;
}

unsigned
net_connect_timeout_ms(const struct net_endpoint *ep)
{
	return ep->connect_timeout_ms ? ep->connect_timeout_ms : NET_CONNECT_TIMEOUT_MS;
}

unsigned
net_io_timeout_ms(const struct net_endpoint *ep)
{
	return ep->io_timeout_ms ? ep->io_timeout_ms : NET_IO_TIMEOUT_MS;
}

void
net_secret_free(char *secret)
{
	if (secret == NULL)
		return;
	explicit_bzero(secret, strlen(secret));
	free(secret);
}

void
net_server_text(char *out, size_t size, const char *s, size_t len)
{
	struct buf b = BUF_INIT;

	if (size == 0)
		return;
	str_make_visible(&b, s, len);
	if (b.len < size)
		memcpy(out, buf_cstr(&b), b.len + 1);
	else {
		size_t cut = size > 4 ? size - 4 : 0;

		/* back to the start of a UTF-8 sequence, so the cut leaves no half character */
		while (cut > 0 && ((unsigned char)b.data[cut] & 0xc0) == 0x80)
			cut--;
		snprintf(out, size, "%.*s...", (int)cut, b.data);
	}
	buf_free(&b);
}
