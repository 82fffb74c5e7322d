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

bool
net_cancelled(int cancel_fd)
{
	struct pollfd p = { .fd = cancel_fd, .events = POLLIN };

	return cancel_fd >= 0 && poll(&p, 1, 0) > 0;
}
