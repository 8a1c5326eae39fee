package main

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// connectionResource is elasticremote_remote_cluster_connection's schema under the elasticpeer type name.
type connectionResource struct{ client *esClient }

func newConnectionResource() resource.Resource { return &connectionResource{} }

type connectionModel struct {
	Alias                  types.String `tfsdk:"alias"`
	Mode                   types.String `tfsdk:"mode"`
	ProxyAddress           types.String `tfsdk:"proxy_address"`
	ServerName             types.String `tfsdk:"server_name"`
	ProxySocketConnections types.Number `tfsdk:"proxy_socket_connections"`
	Seeds                  types.List   `tfsdk:"seeds"`
	NodeConnections        types.Number `tfsdk:"node_connections"`
	SkipUnavailable        types.Bool   `tfsdk:"skip_unavailable"`
	TransportPingSchedule  types.String `tfsdk:"transport_ping_schedule"`
	TransportCompress      types.String `tfsdk:"transport_compress"`
	Credentials            types.String `tfsdk:"credentials"`
	CredentialsWO          types.String `tfsdk:"credentials_wo"`
	CredentialsWOVersion   types.String `tfsdk:"credentials_wo_version"`
	KeystoreConfirmedKeyID types.String `tfsdk:"keystore_confirmed_key_id"`
	Cloud                  types.Object `tfsdk:"cloud"`
	RemoteDeployment       types.Object `tfsdk:"remote_deployment"`
	WaitForConnected       types.Bool   `tfsdk:"wait_for_connected"`
	WaitTimeout            types.String `tfsdk:"wait_timeout"`
	ID                     types.String `tfsdk:"id"`
	CredentialsKeyID       types.String `tfsdk:"credentials_key_id"`
	CredentialsPresent     types.Bool   `tfsdk:"credentials_present"`
	Connected              types.Bool   `tfsdk:"connected"`
	KeystoreLastModified   types.String `tfsdk:"keystore_last_modified"`
}

func (r *connectionResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "elasticpeer_remote_cluster_connection"
}

// deploymentRef is the shape of the cloud and remote_deployment attributes.
func deploymentRef() schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{
		Optional: true,
		Attributes: map[string]schema.Attribute{
			"deployment_id": schema.StringAttribute{Required: true},
			"ref_id":        schema.StringAttribute{Optional: true, Computed: true},
		},
	}
}

func (r *connectionResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepBool := []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}
	optional := func() schema.StringAttribute { return schema.StringAttribute{Optional: true} }
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"alias":                     schema.StringAttribute{Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"mode":                      schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep},
			"proxy_address":             optional(),
			"server_name":               optional(),
			"proxy_socket_connections":  schema.NumberAttribute{Optional: true},
			"seeds":                     schema.ListAttribute{ElementType: types.StringType, Optional: true},
			"node_connections":          schema.NumberAttribute{Optional: true},
			"skip_unavailable":          schema.BoolAttribute{Optional: true},
			"transport_ping_schedule":   optional(),
			"transport_compress":        optional(),
			"credentials":               schema.StringAttribute{Optional: true, Sensitive: true},
			"credentials_wo":            schema.StringAttribute{Optional: true, Sensitive: true, WriteOnly: true},
			"credentials_wo_version":    optional(),
			"keystore_confirmed_key_id": optional(),
			"cloud":                     deploymentRef(),
			"remote_deployment":         deploymentRef(),
			"wait_for_connected":        schema.BoolAttribute{Optional: true, Computed: true, PlanModifiers: keepBool},
			"wait_timeout":              schema.StringAttribute{Optional: true, Computed: true, PlanModifiers: keep},
			"id":                        schema.StringAttribute{Computed: true, PlanModifiers: keep},
			"credentials_key_id":        schema.StringAttribute{Computed: true, PlanModifiers: keep},
			"credentials_present":       schema.BoolAttribute{Computed: true, PlanModifiers: keepBool},
			"connected":                 schema.BoolAttribute{Computed: true, PlanModifiers: keepBool},
			"keystore_last_modified":    schema.StringAttribute{Computed: true, PlanModifiers: keep},
		},
	}
}

func (r *connectionResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData)
}

// settingsOf is the persistent cluster.remote.<alias>.* part of PUT /_cluster/settings (nil clears).
func settingsOf(ctx context.Context, m connectionModel) map[string]any {
	prefix := "cluster.remote." + m.Alias.ValueString() + "."
	settings := map[string]any{prefix + "mode": m.Mode.ValueString()}
	optionalString := func(name string, v types.String) {
		if !v.IsNull() && !v.IsUnknown() {
			settings[prefix+name] = v.ValueString()
		}
	}
	optionalString("proxy_address", m.ProxyAddress)
	optionalString("server_name", m.ServerName)
	optionalString("transport.ping_schedule", m.TransportPingSchedule)
	optionalString("transport.compress", m.TransportCompress)
	if !m.SkipUnavailable.IsNull() {
		settings[prefix+"skip_unavailable"] = m.SkipUnavailable.ValueBool()
	}
	if !m.Seeds.IsNull() {
		var seeds []string
		m.Seeds.ElementsAs(ctx, &seeds, false)
		settings[prefix+"seeds"] = seeds
	}
	for name, v := range map[string]types.Number{"proxy_socket_connections": m.ProxySocketConnections, "node_connections": m.NodeConnections} {
		if !v.IsNull() {
			n, _ := v.ValueBigFloat().Int64()
			settings[prefix+name] = n
		}
	}
	return settings
}

// resolveComputed gives every computed attribute still unknown after planning a known value.
func resolveComputed(m *connectionModel) {
	if m.Mode.IsUnknown() || m.Mode.IsNull() {
		m.Mode = types.StringValue(map[bool]string{true: "proxy", false: "sniff"}[!m.ProxyAddress.IsNull()])
	}
	if m.WaitForConnected.IsUnknown() {
		m.WaitForConnected = types.BoolValue(false)
	}
	if m.WaitTimeout.IsUnknown() {
		m.WaitTimeout = types.StringValue("30s")
	}
	m.ID = types.StringValue(m.Alias.ValueString())
	m.CredentialsKeyID = types.StringNull()
	m.CredentialsPresent = types.BoolValue(!m.Credentials.IsNull())
	m.Connected = types.BoolValue(false)
	m.KeystoreLastModified = types.StringNull()
	m.CredentialsWO = types.StringNull() // write-only: never kept in state
}

func (r *connectionResource) write(ctx context.Context, m connectionModel) error {
	return r.client.do("PUT", "/_cluster/settings", map[string]any{"persistent": settingsOf(ctx, m)}, nil)
}

func (r *connectionResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resolveComputed(&plan)
	if err := r.write(ctx, plan); err != nil {
		resp.Diagnostics.AddError("writing cluster.remote settings", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Read is one GET /_cluster/settings?flat_settings=true per connection, as the official provider reads it.
func (r *connectionResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state connectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var answer struct {
		Persistent map[string]any `json:"persistent"`
	}
	if err := r.client.do("GET", "/_cluster/settings?flat_settings=true", nil, &answer); err != nil {
		resp.Diagnostics.AddError("reading cluster settings", err.Error())
		return
	}
	prefix := "cluster.remote." + state.Alias.ValueString() + "."
	mode, hasMode := answer.Persistent[prefix+"mode"].(string)
	_, hasSeeds := answer.Persistent[prefix+"seeds"]
	if !hasMode && !hasSeeds {
		resp.State.RemoveResource(ctx)
		return
	}
	if !hasMode {
		mode = "sniff"
	}
	state.Mode = types.StringValue(mode)
	if address, ok := answer.Persistent[prefix+"proxy_address"].(string); ok {
		state.ProxyAddress = types.StringValue(address)
	} else if !state.ProxyAddress.IsNull() {
		state.ProxyAddress = types.StringNull()
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *connectionResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan connectionModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resolveComputed(&plan)
	if err := r.write(ctx, plan); err != nil {
		resp.Diagnostics.AddError("writing cluster.remote settings", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Delete clears every cluster.remote.<alias>.* setting the connection may have written.
func (r *connectionResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state connectionModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cleared := map[string]any{}
	for name := range settingsOf(ctx, state) {
		cleared[name] = nil
	}
	if err := r.client.do("PUT", "/_cluster/settings", map[string]any{"persistent": cleared}, nil); err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("clearing cluster.remote.%s", state.Alias.ValueString()), err.Error())
	}
}

func (r *connectionResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("alias"), req, resp)
}
