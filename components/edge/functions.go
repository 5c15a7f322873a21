package edge

import (
	"encoding/json"
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudfront"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The headers the storefront function adds for the cache key and the storefront.
const (
	// viewerHostHeader carries the Host the viewer asked for (apex, www or a regional domain):
	// the storefront origin is reached by its own host name, so the viewer's Host is not
	// forwarded, but the storefront needs it to pick the channel and the cache must keep
	// regional domains apart.
	viewerHostHeader = "x-viewer-host"
	// viewerLanguageHeader carries the viewer's language, normalized to one of the language
	// prefixes or the default language, so the cache key varies by a handful of values
	// rather than by every Accept-Language string.
	viewerLanguageHeader = "x-viewer-language"
	// localeCookie is the cookie the Next.js storefront keeps the chosen language in.
	localeCookie = "NEXT_LOCALE"
)

// storefrontFunctionCode is the viewer-request function of every storefront behavior: it
// copies Host into x-viewer-host and sets x-viewer-language from the path prefix, else the
// NEXT_LOCALE cookie, else the first supported Accept-Language tag, else the default.
const storefrontFunctionCode = `var languages = %s;
var fallback = %q;

function supported(tag) {
  var language = tag.trim().split(';')[0].split('-')[0].toLowerCase();
  return languages.indexOf(language) >= 0 ? language : '';
}

function language(request) {
  var prefix = request.uri.split('/')[1];
  if (languages.indexOf(prefix) >= 0) return prefix;
  var cookie = request.cookies[%q];
  if (cookie && supported(cookie.value)) return supported(cookie.value);
  var header = request.headers['accept-language'];
  if (header) {
    var tags = header.value.split(',');
    for (var i = 0; i < tags.length; i++) {
      if (supported(tags[i])) return supported(tags[i]);
    }
  }
  return fallback;
}

function handler(event) {
  var request = event.request;
  request.headers[%q] = { value: request.headers.host.value };
  request.headers[%q] = { value: language(request) };
  return request;
}
`

// stripPrefixFunctionCode is the viewer-request function of the bucket behaviors: it drops
// the path's first segment (/media, /static), since Saleor writes object keys without it.
const stripPrefixFunctionCode = `function handler(event) {
  var request = event.request;
  request.uri = request.uri.replace(/^\/[^\/]+/, '') || '/';
  return request;
}
`

// storefrontFunction renders the storefront function for the given languages.
func storefrontFunction(languages []string, fallback string) string {
	list, err := json.Marshal(append([]string{}, languages...))
	if err != nil {
		panic(err) // a string slice always marshals
	}
	return fmt.Sprintf(storefrontFunctionCode, list, fallback, localeCookie, viewerHostHeader, viewerLanguageHeader)
}

// newFunction publishes a CloudFront Function (JavaScript runtime 2.0).
func newFunction(ctx *pulumi.Context, name, comment, code string, parent pulumi.ResourceOrInvokeOption) (*cloudfront.Function, error) {
	return cloudfront.NewFunction(ctx, name, &cloudfront.FunctionArgs{
		Runtime: pulumi.String("cloudfront-js-2.0"),
		Comment: pulumi.String(comment),
		Code:    pulumi.String(code),
		Publish: pulumi.Bool(true),
	}, parent)
}
