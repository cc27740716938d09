# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_svcx_global_optspecs
    string join \n n/namespace= A/all-namespaces f/filename= o/output= color= width= kube-version= cluster-domain= v/verbose kubeconfig= context= cluster= user= request-timeout= as= as-group= h/help V/version
end

function __fish_kubectl_svcx_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_svcx_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_svcx_using_subcommand
    set -l cmd (__fish_kubectl_svcx_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -s n -l namespace -d 'Namespace (default: the kubeconfig context\'s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -s f -l filename -d 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -s o -l output -d 'Output format' -r -f -a "text\t'Human tables and text'
json\t'JSON (apiVersion svcx/v1alpha1)'
yaml\t'YAML (apiVersion svcx/v1alpha1)'
sarif\t'SARIF 2.1.0 for code scanning, with each finding\'s file and line (diagnose only)'
html\t'One self-contained HTML report with filters and traffic graphs (diagnose only)'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set or TERM=dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l width -d 'Table width in columns (default: the terminal\'s width; unlimited when piped)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l kube-version -d 'Apply this Kubernetes version\'s controller rules (e.g. 1.32); default: the server\'s version, else the Nodes\' kubelet version, else the newest modelled' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l cluster-domain -d 'Cluster DNS domain' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l request-timeout -d 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l as -d 'Username to impersonate' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -l as-group -d 'Group to impersonate (repeatable)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -s A -l all-namespaces -d 'Every namespace (for commands that cover many Services)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -s v -l verbose -d 'Say on stderr what was read'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -f -a "explain" -d 'Show how one Service really resolves: ports, pods, EndpointSlices, Endpoints, DNS'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -f -a "completions" -d 'Print a shell completion script, or the kubectl_complete-svcx helper for `kubectl svcx <TAB>`'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -f -a "diagnose" -d 'Run every check on one Service, a namespace or everything, and say what is wrong and how to fix it'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -f -a "simulate" -d 'What the EndpointSlice controller\'s next sync would write, and what-ifs (scale, rollout)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -f -a "reach" -d 'Can this client reach that Service, and if not, which hop breaks (DNS, port, kube-proxy, NetworkPolicy egress/ingress, backend port)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -f -a "graph" -d 'Draw the traffic path: Ingress/route -> Service -> EndpointSlices -> Pods -> Nodes, blocked arrows labelled with their finding code'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -f -a "snapshot" -d 'Save what explain/diagnose read from the cluster (one Service, -n NS or -A) as one JSON file that -f reads back'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -f -a "fetch" -d 'Read every Service, Pod, EndpointSlice, Endpoints and Node (-n NS, or -A) and print counts; for benchmarks and checks of the reading path'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l from-node -d 'Show the traffic of one node in detail (implies --traffic)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l timeout -d 'With -w: stop watching after this long (e.g. 90s, 5m)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l until -d 'With -w: stop as soon as this holds (exit 0), or exit 1 if --timeout comes first' -r -f -a "converged\t'Every selected pod Ready, the slices what the controller would write, no endpoint terminating'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l stale-after -d 'With -w: how long the slices may differ from what the controller would write before a `stale` transition' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l record -d 'With -w: also save every event received, with its time, to FILE (for --replay)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l replay -d 'With -w: replay a recording offline instead of watching a cluster (same transitions and summary)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -s n -l namespace -d 'Namespace (default: the kubeconfig context\'s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -s f -l filename -d 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -s o -l output -d 'Output format' -r -f -a "text\t'Human tables and text'
json\t'JSON (apiVersion svcx/v1alpha1)'
yaml\t'YAML (apiVersion svcx/v1alpha1)'
sarif\t'SARIF 2.1.0 for code scanning, with each finding\'s file and line (diagnose only)'
html\t'One self-contained HTML report with filters and traffic graphs (diagnose only)'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set or TERM=dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l width -d 'Table width in columns (default: the terminal\'s width; unlimited when piped)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l kube-version -d 'Apply this Kubernetes version\'s controller rules (e.g. 1.32); default: the server\'s version, else the Nodes\' kubelet version, else the newest modelled' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l cluster-domain -d 'Cluster DNS domain' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l request-timeout -d 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l as -d 'Username to impersonate' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l as-group -d 'Group to impersonate (repeatable)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -l traffic -d 'Add where the traffic goes: kube-proxy\'s endpoints per node (ClusterIP, NodePort/LoadBalancer), session affinity'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -s w -l watch -d 'Watch the Service live: its endpoint transitions, outages and propagation lag as they happen, and a summary at the end (NDJSON when piped or with -o json; docs/watch.md)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -s A -l all-namespaces -d 'Every namespace (for commands that cover many Services)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -s v -l verbose -d 'Say on stderr what was read'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand explain" -s V -l version -d 'Print version'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -s n -l namespace -d 'Namespace (default: the kubeconfig context\'s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -s f -l filename -d 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -s o -l output -d 'Output format' -r -f -a "text\t'Human tables and text'
json\t'JSON (apiVersion svcx/v1alpha1)'
yaml\t'YAML (apiVersion svcx/v1alpha1)'
sarif\t'SARIF 2.1.0 for code scanning, with each finding\'s file and line (diagnose only)'
html\t'One self-contained HTML report with filters and traffic graphs (diagnose only)'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set or TERM=dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l width -d 'Table width in columns (default: the terminal\'s width; unlimited when piped)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l kube-version -d 'Apply this Kubernetes version\'s controller rules (e.g. 1.32); default: the server\'s version, else the Nodes\' kubelet version, else the newest modelled' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l cluster-domain -d 'Cluster DNS domain' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l request-timeout -d 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l as -d 'Username to impersonate' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -l as-group -d 'Group to impersonate (repeatable)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -s A -l all-namespaces -d 'Every namespace (for commands that cover many Services)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -s v -l verbose -d 'Say on stderr what was read'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand completions" -s V -l version -d 'Print version'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l fail-on -d 'Exit with status 1 when a finding of this severity or worse is found' -r -f -a "error\t'Fail on errors'
warning\t'Fail on warnings and errors'
info\t'Fail on any finding'
never\t'Never fail because of findings'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l ignore -d 'Leave out findings with this code (repeatable; see docs/findings.md)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -s n -l namespace -d 'Namespace (default: the kubeconfig context\'s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -s f -l filename -d 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -s o -l output -d 'Output format' -r -f -a "text\t'Human tables and text'
json\t'JSON (apiVersion svcx/v1alpha1)'
yaml\t'YAML (apiVersion svcx/v1alpha1)'
sarif\t'SARIF 2.1.0 for code scanning, with each finding\'s file and line (diagnose only)'
html\t'One self-contained HTML report with filters and traffic graphs (diagnose only)'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set or TERM=dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l width -d 'Table width in columns (default: the terminal\'s width; unlimited when piped)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l kube-version -d 'Apply this Kubernetes version\'s controller rules (e.g. 1.32); default: the server\'s version, else the Nodes\' kubelet version, else the newest modelled' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l cluster-domain -d 'Cluster DNS domain' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l request-timeout -d 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l as -d 'Username to impersonate' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -l as-group -d 'Group to impersonate (repeatable)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -s A -l all-namespaces -d 'Every namespace (for commands that cover many Services)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -s v -l verbose -d 'Say on stderr what was read'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand diagnose" -s V -l version -d 'Print version'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l endpoints -d 'Simulate a made-up Service with N ready pods instead (no input needed)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l max-endpoints-per-slice -d 'The controller\'s --max-endpoints-per-slice (1..1000)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l zones -d 'Zones the made-up pods are spread over (with --endpoints)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l ports -d 'Ports of the made-up Service as NAME:PORT (with --endpoints; default http:8080)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l steps -d 'Changes to simulate, one controller sync each: scale=N, rollout (comma-separated)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l max-surge -d 'Pods replaced per rollout batch: a count or a percentage' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -s n -l namespace -d 'Namespace (default: the kubeconfig context\'s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -s f -l filename -d 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -s o -l output -d 'Output format' -r -f -a "text\t'Human tables and text'
json\t'JSON (apiVersion svcx/v1alpha1)'
yaml\t'YAML (apiVersion svcx/v1alpha1)'
sarif\t'SARIF 2.1.0 for code scanning, with each finding\'s file and line (diagnose only)'
html\t'One self-contained HTML report with filters and traffic graphs (diagnose only)'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set or TERM=dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l width -d 'Table width in columns (default: the terminal\'s width; unlimited when piped)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l kube-version -d 'Apply this Kubernetes version\'s controller rules (e.g. 1.32); default: the server\'s version, else the Nodes\' kubelet version, else the newest modelled' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l cluster-domain -d 'Cluster DNS domain' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l request-timeout -d 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l as -d 'Username to impersonate' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -l as-group -d 'Group to impersonate (repeatable)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -s A -l all-namespaces -d 'Every namespace (for commands that cover many Services)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -s v -l verbose -d 'Say on stderr what was read'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand simulate" -s V -l version -d 'Print version'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l protocol -d 'The protocol, when the Service has the port number for several protocols' -r -f -a "TCP\t'TCP'
UDP\t'UDP'
SCTP\t'SCTP'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -s n -l namespace -d 'Namespace (default: the kubeconfig context\'s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -s f -l filename -d 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -s o -l output -d 'Output format' -r -f -a "text\t'Human tables and text'
json\t'JSON (apiVersion svcx/v1alpha1)'
yaml\t'YAML (apiVersion svcx/v1alpha1)'
sarif\t'SARIF 2.1.0 for code scanning, with each finding\'s file and line (diagnose only)'
html\t'One self-contained HTML report with filters and traffic graphs (diagnose only)'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set or TERM=dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l width -d 'Table width in columns (default: the terminal\'s width; unlimited when piped)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l kube-version -d 'Apply this Kubernetes version\'s controller rules (e.g. 1.32); default: the server\'s version, else the Nodes\' kubelet version, else the newest modelled' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l cluster-domain -d 'Cluster DNS domain' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l request-timeout -d 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l as -d 'Username to impersonate' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -l as-group -d 'Group to impersonate (repeatable)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -s A -l all-namespaces -d 'Every namespace (for commands that cover many Services)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -s v -l verbose -d 'Say on stderr what was read'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand reach" -s V -l version -d 'Print version'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l format -d 'Picture format (default: a text tree on a terminal, else svg)' -r -f -a "svg\t'SVG, laid out in-process (no Graphviz needed)'
dot\t'Graphviz DOT'
mermaid\t'Mermaid flowchart (GitHub/GitLab Markdown)'
text\t'The compact text tree: Service, port, slice, pod, node'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -s n -l namespace -d 'Namespace (default: the kubeconfig context\'s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -s f -l filename -d 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -s o -l output -d 'Output format' -r -f -a "text\t'Human tables and text'
json\t'JSON (apiVersion svcx/v1alpha1)'
yaml\t'YAML (apiVersion svcx/v1alpha1)'
sarif\t'SARIF 2.1.0 for code scanning, with each finding\'s file and line (diagnose only)'
html\t'One self-contained HTML report with filters and traffic graphs (diagnose only)'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set or TERM=dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l width -d 'Table width in columns (default: the terminal\'s width; unlimited when piped)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l kube-version -d 'Apply this Kubernetes version\'s controller rules (e.g. 1.32); default: the server\'s version, else the Nodes\' kubelet version, else the newest modelled' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l cluster-domain -d 'Cluster DNS domain' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l request-timeout -d 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l as -d 'Username to impersonate' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l as-group -d 'Group to impersonate (repeatable)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -l split -d 'One graph per Service instead of one per namespace'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -s A -l all-namespaces -d 'Every namespace (for commands that cover many Services)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -s v -l verbose -d 'Say on stderr what was read'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand graph" -s V -l version -d 'Print version'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l output-file -d 'Write to this file instead of stdout (a .gz suffix compresses with gzip)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l redact-key -d 'The key of the pseudonyms (implies --redact): the same key gives the same pseudonyms; default: a random key, never written anywhere' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -s n -l namespace -d 'Namespace (default: the kubeconfig context\'s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -s f -l filename -d 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -s o -l output -d 'Output format' -r -f -a "text\t'Human tables and text'
json\t'JSON (apiVersion svcx/v1alpha1)'
yaml\t'YAML (apiVersion svcx/v1alpha1)'
sarif\t'SARIF 2.1.0 for code scanning, with each finding\'s file and line (diagnose only)'
html\t'One self-contained HTML report with filters and traffic graphs (diagnose only)'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set or TERM=dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l width -d 'Table width in columns (default: the terminal\'s width; unlimited when piped)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l kube-version -d 'Apply this Kubernetes version\'s controller rules (e.g. 1.32); default: the server\'s version, else the Nodes\' kubelet version, else the newest modelled' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l cluster-domain -d 'Cluster DNS domain' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l request-timeout -d 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l as -d 'Username to impersonate' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l as-group -d 'Group to impersonate (repeatable)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -l redact -d 'Replace names, namespaces, label values, node names, zones, hostnames and IP addresses by consistent pseudonyms (docs/snapshot.md)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -s A -l all-namespaces -d 'Every namespace (for commands that cover many Services)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -s v -l verbose -d 'Say on stderr what was read'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand snapshot" -s V -l version -d 'Print version'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -s n -l namespace -d 'Namespace (default: the kubeconfig context\'s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -s f -l filename -d 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -s o -l output -d 'Output format' -r -f -a "text\t'Human tables and text'
json\t'JSON (apiVersion svcx/v1alpha1)'
yaml\t'YAML (apiVersion svcx/v1alpha1)'
sarif\t'SARIF 2.1.0 for code scanning, with each finding\'s file and line (diagnose only)'
html\t'One self-contained HTML report with filters and traffic graphs (diagnose only)'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l color -d 'When to colour the output' -r -f -a "auto\t'Colour on a terminal, unless NO_COLOR is set or TERM=dumb'
always\t'Always colour'
never\t'Never colour'"
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l width -d 'Table width in columns (default: the terminal\'s width; unlimited when piped)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l kube-version -d 'Apply this Kubernetes version\'s controller rules (e.g. 1.32); default: the server\'s version, else the Nodes\' kubelet version, else the newest modelled' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l cluster-domain -d 'Cluster DNS domain' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l kubeconfig -d 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' -r -F
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l context -d 'The kubeconfig context to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l cluster -d 'The kubeconfig cluster to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l user -d 'The kubeconfig user to use' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l request-timeout -d 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l as -d 'Username to impersonate' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -l as-group -d 'Group to impersonate (repeatable)' -r
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -s A -l all-namespaces -d 'Every namespace (for commands that cover many Services)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -s v -l verbose -d 'Say on stderr what was read'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand fetch" -s V -l version -d 'Print version'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand help; and not __fish_seen_subcommand_from explain completions diagnose simulate reach graph snapshot fetch help" -f -a "explain" -d 'Show how one Service really resolves: ports, pods, EndpointSlices, Endpoints, DNS'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand help; and not __fish_seen_subcommand_from explain completions diagnose simulate reach graph snapshot fetch help" -f -a "completions" -d 'Print a shell completion script, or the kubectl_complete-svcx helper for `kubectl svcx <TAB>`'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand help; and not __fish_seen_subcommand_from explain completions diagnose simulate reach graph snapshot fetch help" -f -a "diagnose" -d 'Run every check on one Service, a namespace or everything, and say what is wrong and how to fix it'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand help; and not __fish_seen_subcommand_from explain completions diagnose simulate reach graph snapshot fetch help" -f -a "simulate" -d 'What the EndpointSlice controller\'s next sync would write, and what-ifs (scale, rollout)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand help; and not __fish_seen_subcommand_from explain completions diagnose simulate reach graph snapshot fetch help" -f -a "reach" -d 'Can this client reach that Service, and if not, which hop breaks (DNS, port, kube-proxy, NetworkPolicy egress/ingress, backend port)'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand help; and not __fish_seen_subcommand_from explain completions diagnose simulate reach graph snapshot fetch help" -f -a "graph" -d 'Draw the traffic path: Ingress/route -> Service -> EndpointSlices -> Pods -> Nodes, blocked arrows labelled with their finding code'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand help; and not __fish_seen_subcommand_from explain completions diagnose simulate reach graph snapshot fetch help" -f -a "snapshot" -d 'Save what explain/diagnose read from the cluster (one Service, -n NS or -A) as one JSON file that -f reads back'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand help; and not __fish_seen_subcommand_from explain completions diagnose simulate reach graph snapshot fetch help" -f -a "fetch" -d 'Read every Service, Pod, EndpointSlice, Endpoints and Node (-n NS, or -A) and print counts; for benchmarks and checks of the reading path'
complete -c kubectl-svcx -n "__fish_kubectl_svcx_using_subcommand help; and not __fish_seen_subcommand_from explain completions diagnose simulate reach graph snapshot fetch help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
