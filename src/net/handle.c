/* handle.c: the URL, the login and the cancel test every protocol's curl handle shares. */
#include "net/handle.h"

#include <poll.h>
#include <string.h>

#include "util/xalloc.h"

char *
net_url(const char *scheme, const char *tls_scheme, const struct net_endpoint *ep,
    const char *path)
{
	bool v6 = strchr(ep->host, ':') != NULL;

	return xasprintf("%s://%s%s%s:%u/%s", ep->tls == NET_TLS_IMPLICIT ? tls_scheme : scheme,
	    v6 ? "[" : "", ep->host, v6 ? "]" : "", ep->port, path);
}

const char *
net_login_options(enum net_sasl sasl)
{
	switch (sasl) {
	case NET_SASL_PLAIN:
		return "AUTH=PLAIN";
	case NET_SASL_LOGIN:
		return "AUTH=LOGIN";
	case NET_SASL_XOAUTH2:
		return "AUTH=XOAUTH2";
	case NET_SASL_DEFAULT:
		break;
	}
	return NULL;
}

void
net_set_login(CURL *h, const struct net_endpoint *ep)
{
	if (ep->user == NULL || ep->user[0] == '\0')
		return;
	curl_easy_setopt(h, CURLOPT_USERNAME, ep->user);
	if (ep->password != NULL)
		curl_easy_setopt(h, CURLOPT_PASSWORD, ep->password);
	if (ep->sasl == NET_SASL_XOAUTH2 && ep->bearer != NULL)
		curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, ep->bearer);
	if (net_login_options(ep->sasl) != NULL)
		curl_easy_setopt(h, CURLOPT_LOGIN_OPTIONS, net_login_options(ep->sasl));
}

void
net_handle_setup(CURL *h, const struct net_endpoint *ep, char *errbuf,
    curl_debug_callback debug, void *debug_arg, curl_xferinfo_callback progress,
    void *progress_arg)
{
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)net_connect_timeout_ms(ep));
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);	/* feeds debug; nothing is printed */
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, debug);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, debug_arg);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, progress_arg);
	if (ep->tls != NET_TLS_OFF)
		net_tls_setup(h, ep);
	net_set_login(h, ep);
}

bool
net_cancelled(int cancel_fd)
{
	struct pollfd p = { .fd = cancel_fd, .events = POLLIN };

	return cancel_fd >= 0 && poll(&p, 1, 0) > 0;
}
