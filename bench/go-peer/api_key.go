package main

import (
	"context"
	"errors"
	"net/url"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

// apiKeyResource is elasticremote_cross_cluster_api_key's schema under the elasticpeer type name.
type apiKeyResource struct{ client *esClient }

func newAPIKeyResource() resource.Resource { return &apiKeyResource{} }

// access stays a types.Object in state: Read never rebuilds it, so the plan compares config with state.
type apiKeyModel struct {
	Name                types.String `tfsdk:"name"`
	Access              types.Object `tfsdk:"access"`
	Expiration          types.String `tfsdk:"expiration"`
	Metadata            types.Map    `tfsdk:"metadata"`
	CertificateIdentity types.String `tfsdk:"certificate_identity"`
	RotateAfter         types.String `tfsdk:"rotate_after"`
	ExpiryWarning       types.String `tfsdk:"expiry_warning"`
	ID                  types.String `tfsdk:"id"`
	Encoded             types.String `tfsdk:"encoded"`
	CreationTime        types.String `tfsdk:"creation_time"`
	ExpirationTime      types.String `tfsdk:"expiration_time"`
}

// The Go shape of access, only to build the request body.
type accessModel struct {
	Search      []searchModel      `tfsdk:"search"`
	Replication []replicationModel `tfsdk:"replication"`
}
type searchModel struct {
	Names                  []string            `tfsdk:"names"`
	Query                  types.String        `tfsdk:"query"`
	FieldSecurity          *fieldSecurityModel `tfsdk:"field_security"`
	AllowRestrictedIndices types.Bool          `tfsdk:"allow_restricted_indices"`
}
type fieldSecurityModel struct {
	Grant  []string `tfsdk:"grant"`
	Except []string `tfsdk:"except"`
}
type replicationModel struct {
	Names                  []string   `tfsdk:"names"`
	AllowRestrictedIndices types.Bool `tfsdk:"allow_restricted_indices"`
}

func (r *apiKeyResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "elasticpeer_cross_cluster_api_key"
}

func listOfStrings(required bool) schema.ListAttribute {
	return schema.ListAttribute{ElementType: types.StringType, Required: required, Optional: !required}
}

func (r *apiKeyResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Required: true, PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"access": schema.SingleNestedAttribute{
				Required: true,
				Attributes: map[string]schema.Attribute{
					"search": schema.ListNestedAttribute{
						Optional: true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"names": listOfStrings(true),
							"query": schema.StringAttribute{Optional: true},
							"field_security": schema.SingleNestedAttribute{
								Optional:   true,
								Attributes: map[string]schema.Attribute{"grant": listOfStrings(false), "except": listOfStrings(false)},
							},
							"allow_restricted_indices": schema.BoolAttribute{Optional: true},
						}},
					},
					"replication": schema.ListNestedAttribute{
						Optional: true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"names":                    listOfStrings(true),
							"allow_restricted_indices": schema.BoolAttribute{Optional: true},
						}},
					},
				},
			},
			"expiration":           schema.StringAttribute{Optional: true},
			"metadata":             schema.MapAttribute{ElementType: types.StringType, Optional: true},
			"certificate_identity": schema.StringAttribute{Optional: true},
			"rotate_after":         schema.StringAttribute{Optional: true},
			"expiry_warning":       schema.StringAttribute{Optional: true},
			"id":                   schema.StringAttribute{Computed: true, PlanModifiers: keep},
			"encoded":              schema.StringAttribute{Computed: true, Sensitive: true, PlanModifiers: keep},
			"creation_time":        schema.StringAttribute{Computed: true, PlanModifiers: keep},
			"expiration_time":      schema.StringAttribute{Computed: true, PlanModifiers: keep},
		},
	}
}

func (r *apiKeyResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData)
}

// requestBody is the access (and metadata) part of POST/PUT /_security/cross_cluster/api_key.
func requestBody(ctx context.Context, plan apiKeyModel) (map[string]any, error) {
	var access accessModel
	if diags := plan.Access.As(ctx, &access, basetypes.ObjectAsOptions{UnhandledNullAsEmpty: true}); diags.HasError() {
		return nil, errors.New("access: cannot read the planned value")
	}
	body := map[string]any{"access": accessBody(access)}
	if !plan.Metadata.IsNull() && !plan.Metadata.IsUnknown() {
		metadata := map[string]string{}
		plan.Metadata.ElementsAs(ctx, &metadata, false)
		body["metadata"] = metadata
	}
	return body, nil
}

func accessBody(access accessModel) map[string]any {
	out := map[string]any{}
	if len(access.Search) > 0 {
		entries := []map[string]any{}
		for _, s := range access.Search {
			entry := map[string]any{"names": s.Names}
			if !s.Query.IsNull() {
				entry["query"] = s.Query.ValueString()
			}
			if s.FieldSecurity != nil {
				entry["field_security"] = map[string]any{"grant": s.FieldSecurity.Grant, "except": s.FieldSecurity.Except}
			}
			if !s.AllowRestrictedIndices.IsNull() {
				entry["allow_restricted_indices"] = s.AllowRestrictedIndices.ValueBool()
			}
			entries = append(entries, entry)
		}
		out["search"] = entries
	}
	if len(access.Replication) > 0 {
		entries := []map[string]any{}
		for _, s := range access.Replication {
			entry := map[string]any{"names": s.Names}
			if !s.AllowRestrictedIndices.IsNull() {
				entry["allow_restricted_indices"] = s.AllowRestrictedIndices.ValueBool()
			}
			entries = append(entries, entry)
		}
		out["replication"] = entries
	}
	return out
}

type createdKey struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Encoded    string `json:"encoded"`
	Expiration *int64 `json:"expiration"`
}

type keyInfo struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Creation    int64  `json:"creation"`
	Expiration  *int64 `json:"expiration"`
	Invalidated bool   `json:"invalidated"`
}

func millisToString(ms *int64) types.String {
	if ms == nil {
		return types.StringNull()
	}
	return types.StringValue(time.UnixMilli(*ms).UTC().Format(time.RFC3339))
}

func (r *apiKeyResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan apiKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, err := requestBody(ctx, plan)
	if err == nil {
		body["name"] = plan.Name.ValueString()
		if !plan.Expiration.IsNull() {
			body["expiration"] = plan.Expiration.ValueString()
		}
		var created createdKey
		if err = r.client.do("POST", "/_security/cross_cluster/api_key", body, &created); err == nil {
			plan.ID = types.StringValue(created.ID)
			plan.Encoded = types.StringValue(created.Encoded)
			plan.ExpirationTime = millisToString(created.Expiration)
			// The create answer has no creation time; the fixture records its own (Read leaves it alone).
			plan.CreationTime = types.StringValue(time.Now().UTC().Format(time.RFC3339))
		}
	}
	if err != nil {
		resp.Diagnostics.AddError("creating the cross-cluster API key", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// Read is one GET /_security/api_key?id=<id> per key, as the official provider reads it.
func (r *apiKeyResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state apiKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var answer struct {
		APIKeys []keyInfo `json:"api_keys"`
	}
	err := r.client.do("GET", "/_security/api_key?id="+url.QueryEscape(state.ID.ValueString()), nil, &answer)
	var notFound *httpError
	if errors.As(err, &notFound) && notFound.Status == 404 || err == nil && (len(answer.APIKeys) == 0 || answer.APIKeys[0].Invalidated) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("reading the cross-cluster API key", err.Error())
		return
	}
	key := answer.APIKeys[0]
	state.Name = types.StringValue(key.Name)
	state.ExpirationTime = millisToString(key.Expiration)
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *apiKeyResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state apiKeyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	body, err := requestBody(ctx, plan)
	if err == nil {
		err = r.client.do("PUT", "/_security/cross_cluster/api_key/"+url.PathEscape(state.ID.ValueString()), body, nil)
	}
	if err != nil {
		resp.Diagnostics.AddError("updating the cross-cluster API key", err.Error())
		return
	}
	plan.ID, plan.Encoded, plan.CreationTime, plan.ExpirationTime = state.ID, state.Encoded, state.CreationTime, state.ExpirationTime
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

func (r *apiKeyResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state apiKeyModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.do("DELETE", "/_security/api_key", map[string]any{"ids": []string{state.ID.ValueString()}}, nil); err != nil {
		resp.Diagnostics.AddError("invalidating the cross-cluster API key", err.Error())
	}
}

func (r *apiKeyResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
