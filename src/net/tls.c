/* tls.c: the TLS options set on every curl handle (the policy is in tls.h). */
#include "net/tls.h"

/* The system's CA directory: the one libcurl was built with, else Debian's. */
static const char *
system_ca_path(CURL *h)
{
	char *path = NULL;

	if (curl_easy_getinfo(h, CURLINFO_CAPATH, &path) == CURLE_OK && path != NULL)
		return path;
	return "/etc/ssl/certs";
}

void
net_tls_setup(CURL *h, const struct net_endpoint *ep)
{
	curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	/*
	 * CAINFO alone would replace the system bundle; with CAPATH the system
	 * store stays and ca_file is one more anchor (GnuTLS loads both).
	 */
	curl_easy_setopt(h, CURLOPT_CAPATH, system_ca_path(h));
	if (ep->ca_file != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, ep->ca_file);
	if (ep->tls_pin != NULL) {
		/*
		 * A pinned key is the trust anchor itself: it is a stronger
		 * statement than any CA's, so a self-signed certificate or one
		 * for another name is fine when its key matches.
		 */
		curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, ep->tls_pin);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
	}
}
