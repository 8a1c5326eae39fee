// Command terraform-provider-elasticpeer is a bench fixture, not product code: a minimal Go provider on
// terraform-plugin-framework that serves the same two resource schemas as elasticremote and reads each
// resource with one HTTP request, as the official elasticstack provider does. bench/terraform-vs-go.ts
// runs it side by side with ours.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
)

func main() {
	err := providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address:         "registry.opentofu.org/elastic-peer/elasticpeer",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}
