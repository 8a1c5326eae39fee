package main

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type peerProvider struct{}

func newProvider() provider.Provider { return &peerProvider{} }

type providerModel struct {
	SecretsKey    types.String        `tfsdk:"secrets_key"`
	Elasticsearch *elasticsearchModel `tfsdk:"elasticsearch"`
}

type elasticsearchModel struct {
	Endpoint types.String `tfsdk:"endpoint"`
	APIKey   types.String `tfsdk:"api_key"`
	Username types.String `tfsdk:"username"`
	Password types.String `tfsdk:"password"`
	CACert   types.String `tfsdk:"ca_cert"`
	Insecure types.Bool   `tfsdk:"insecure"`
}

func (p *peerProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "elasticpeer"
	resp.Version = "0.1.0"
}

// Schema mirrors elasticremote's provider block (the elasticsearch part; the cloud block is left out).
func (p *peerProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"secrets_key": schema.StringAttribute{Optional: true, Sensitive: true},
		},
		Blocks: map[string]schema.Block{
			"elasticsearch": schema.SingleNestedBlock{
				Attributes: map[string]schema.Attribute{
					"endpoint": schema.StringAttribute{Optional: true},
					"api_key":  schema.StringAttribute{Optional: true, Sensitive: true},
					"username": schema.StringAttribute{Optional: true},
					"password": schema.StringAttribute{Optional: true, Sensitive: true},
					"ca_cert":  schema.StringAttribute{Optional: true},
					"insecure": schema.BoolAttribute{Optional: true},
				},
			},
		},
	}
}

func (p *peerProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	es := config.Elasticsearch
	if es == nil || es.Endpoint.ValueString() == "" {
		resp.Diagnostics.AddError("elasticsearch.endpoint is required", "set the elasticsearch block's endpoint")
		return
	}
	client := newESClient(es.Endpoint.ValueString(), es.Username.ValueString(), es.Password.ValueString(), es.APIKey.ValueString())
	resp.ResourceData = client
}

func (p *peerProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{newAPIKeyResource, newConnectionResource}
}

func (p *peerProvider) DataSources(_ context.Context) []func() datasource.DataSource { return nil }

// clientFrom is the Configure step every resource shares: the provider's client, once it is configured.
func clientFrom(data any) *esClient {
	client, _ := data.(*esClient)
	return client
}
