// pulumi-language-nodejs is the Node.js language host the Pulumi engine starts for `runtime: nodejs`
// projects. Pulumi's own host is a separate, untagged Go module that the module proxy used here does
// not serve, so the project builds this one against the same sdk/v3 as the CLI.
//
// It implements the part of the LanguageRuntime service a `pulumi preview/up/refresh/destroy` of an
// installed Node.js program needs: it runs the program with @pulumi/pulumi's own launcher
// (@pulumi/pulumi/cmd/run, resolved from the program directory, so NODE_PATH is honoured) exactly as
// the launcher expects to be called, and reports no plugins to install (programs here only use
// dynamic providers, whose plugin, pulumi-resource-pulumi-nodejs, is found on PATH).
// Dependency installation, templates and code generation are not offered (Unimplemented).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// exitAfterLoggedError is the launcher's exit code for "the error was already shown to the user"
// (nodeJSProcessExitedAfterLoggingUserActionableMessage in @pulumi/pulumi/cmd/run).
const exitAfterLoggedError = 32

type nodeLanguageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func main() {
	// The engine passes its own address as the last positional argument.
	args := os.Args[1:]
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-language-nodejs [flags] <engine-address>")
		os.Exit(2)
	}
	host := &nodeLanguageHost{engineAddress: args[len(args)-1]}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: could not start the language host: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: %v\n", err)
		os.Exit(1)
	}
}

func (h *nodeLanguageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.engineAddress = req.GetEngineAddress()
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *nodeLanguageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *nodeLanguageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *nodeLanguageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *nodeLanguageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDir := req.GetInfo().GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	options := runtimeOptions(req.GetInfo().GetOptions())

	launcher, err := resolveLauncher(ctx, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	entryPoint := req.GetInfo().GetEntryPoint()
	if entryPoint == "" {
		entryPoint = "."
	}
	nodeArgs := strings.Fields(options.nodeArgs)
	nodeArgs = append(nodeArgs, launcher)
	nodeArgs = append(nodeArgs, launcherFlags(req, h.engineAddress, programDir)...)
	nodeArgs = append(nodeArgs, entryPoint)
	nodeArgs = append(nodeArgs, req.GetArgs()...)

	env, err := programEnv(req, options)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	cmd := exec.CommandContext(ctx, "node", nodeArgs...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			if exitErr.ExitCode() == exitAfterLoggedError {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{
				Error: fmt.Sprintf("the Node.js program exited with code %d", exitErr.ExitCode()),
			}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not start node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// nodeRuntimeOptions are the `runtime.options` of Pulumi.yaml this host honours, with Pulumi's defaults.
type nodeRuntimeOptions struct {
	typescript   bool
	tsconfigPath string
	nodeArgs     string
}

func runtimeOptions(opts *structpb.Struct) nodeRuntimeOptions {
	parsed := nodeRuntimeOptions{typescript: true}
	if opts == nil {
		return parsed
	}
	fields := opts.AsMap()
	if v, ok := fields["typescript"].(bool); ok {
		parsed.typescript = v
	}
	if v, ok := fields["tsconfig"].(string); ok {
		parsed.tsconfigPath = v
	}
	if v, ok := fields["nodeargs"].(string); ok {
		parsed.nodeArgs = v
	}
	return parsed
}

// resolveLauncher finds @pulumi/pulumi/cmd/run the way the program itself will resolve @pulumi/pulumi,
// so the launcher and the program share one copy of the SDK.
func resolveLauncher(ctx context.Context, programDir string) (string, error) {
	cmd := exec.CommandContext(ctx, "node", "-e",
		"process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run'))")
	cmd.Dir = programDir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not resolve @pulumi/pulumi/cmd/run from %s (is @pulumi/pulumi installed "+
			"in the program's node_modules or on NODE_PATH?): %v: %s", programDir, err, stderr.String())
	}
	return filepath.Dir(string(out)), nil
}

func launcherFlags(req *pulumirpc.RunRequest, engineAddress, programDir string) []string {
	flags := []string{
		"--monitor=" + req.GetMonitorAddress(),
		"--engine=" + engineAddress,
		"--organization=" + req.GetOrganization(),
		"--project=" + req.GetProject(),
		"--stack=" + req.GetStack(),
		"--pwd=" + programDir,
	}
	if root := req.GetInfo().GetRootDirectory(); root != "" {
		flags = append(flags, "--root-directory="+root)
	}
	if req.GetDryRun() {
		flags = append(flags, "--dry-run")
	}
	if req.GetParallel() > 0 {
		flags = append(flags, fmt.Sprintf("--parallel=%d", req.GetParallel()))
	}
	return flags
}

// programEnv passes the stack configuration the way @pulumi/pulumi's runtime/config reads it.
func programEnv(req *pulumirpc.RunRequest, options nodeRuntimeOptions) ([]string, error) {
	config, err := json.Marshal(req.GetConfig())
	if err != nil {
		return nil, fmt.Errorf("could not encode the stack configuration: %w", err)
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("could not encode the secret configuration keys: %w", err)
	}
	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", options.typescript),
	)
	if options.tsconfigPath != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+options.tsconfigPath)
	}
	return env, nil
}
