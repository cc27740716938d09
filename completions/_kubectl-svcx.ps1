
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubectl-svcx' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubectl-svcx'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kubectl-svcx' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Table width in columns (default: the terminal''s width; unlimited when piped)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'Apply this Kubernetes version''s controller rules (e.g. 1.32); default: the server''s version, else the Nodes'' kubelet version, else the newest modelled')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show how one Service really resolves: ports, pods, EndpointSlices, Endpoints, DNS')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script, or the kubectl_complete-svcx helper for `kubectl svcx <TAB>`')
            [CompletionResult]::new('diagnose', 'diagnose', [CompletionResultType]::ParameterValue, 'Run every check on one Service, a namespace or everything, and say what is wrong and how to fix it')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'What the EndpointSlice controller''s next sync would write, and what-ifs (scale, rollout)')
            [CompletionResult]::new('reach', 'reach', [CompletionResultType]::ParameterValue, 'Can this client reach that Service, and if not, which hop breaks (DNS, port, kube-proxy, NetworkPolicy egress/ingress, backend port)')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Draw the traffic path: Ingress/route -> Service -> EndpointSlices -> Pods -> Nodes, blocked arrows labelled with their finding code')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Save what explain/diagnose read from the cluster (one Service, -n NS or -A) as one JSON file that -f reads back')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Read every Service, Pod, EndpointSlice, Endpoints and Node (-n NS, or -A) and print counts; for benchmarks and checks of the reading path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-svcx;explain' {
            [CompletionResult]::new('--from-node', '--from-node', [CompletionResultType]::ParameterName, 'Show the traffic of one node in detail (implies --traffic)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'With -w: stop watching after this long (e.g. 90s, 5m)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'With -w: stop as soon as this holds (exit 0), or exit 1 if --timeout comes first')
            [CompletionResult]::new('--stale-after', '--stale-after', [CompletionResultType]::ParameterName, 'With -w: how long the slices may differ from what the controller would write before a `stale` transition')
            [CompletionResult]::new('--record', '--record', [CompletionResultType]::ParameterName, 'With -w: also save every event received, with its time, to FILE (for --replay)')
            [CompletionResult]::new('--replay', '--replay', [CompletionResultType]::ParameterName, 'With -w: replay a recording offline instead of watching a cluster (same transitions and summary)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Table width in columns (default: the terminal''s width; unlimited when piped)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'Apply this Kubernetes version''s controller rules (e.g. 1.32); default: the server''s version, else the Nodes'' kubelet version, else the newest modelled')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate (repeatable)')
            [CompletionResult]::new('--traffic', '--traffic', [CompletionResultType]::ParameterName, 'Add where the traffic goes: kube-proxy''s endpoints per node (ClusterIP, NodePort/LoadBalancer), session affinity')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Watch the Service live: its endpoint transitions, outages and propagation lag as they happen, and a summary at the end (NDJSON when piped or with -o json; docs/watch.md)')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Watch the Service live: its endpoint transitions, outages and propagation lag as they happen, and a summary at the end (NDJSON when piped or with -o json; docs/watch.md)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-svcx;completions' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Table width in columns (default: the terminal''s width; unlimited when piped)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'Apply this Kubernetes version''s controller rules (e.g. 1.32); default: the server''s version, else the Nodes'' kubelet version, else the newest modelled')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-svcx;diagnose' {
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit with status 1 when a finding of this severity or worse is found')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Leave out findings with this code (repeatable; see docs/findings.md)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Table width in columns (default: the terminal''s width; unlimited when piped)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'Apply this Kubernetes version''s controller rules (e.g. 1.32); default: the server''s version, else the Nodes'' kubelet version, else the newest modelled')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-svcx;simulate' {
            [CompletionResult]::new('--endpoints', '--endpoints', [CompletionResultType]::ParameterName, 'Simulate a made-up Service with N ready pods instead (no input needed)')
            [CompletionResult]::new('--max-endpoints-per-slice', '--max-endpoints-per-slice', [CompletionResultType]::ParameterName, 'The controller''s --max-endpoints-per-slice (1..1000)')
            [CompletionResult]::new('--zones', '--zones', [CompletionResultType]::ParameterName, 'Zones the made-up pods are spread over (with --endpoints)')
            [CompletionResult]::new('--ports', '--ports', [CompletionResultType]::ParameterName, 'Ports of the made-up Service as NAME:PORT (with --endpoints; default http:8080)')
            [CompletionResult]::new('--steps', '--steps', [CompletionResultType]::ParameterName, 'Changes to simulate, one controller sync each: scale=N, rollout (comma-separated)')
            [CompletionResult]::new('--max-surge', '--max-surge', [CompletionResultType]::ParameterName, 'Pods replaced per rollout batch: a count or a percentage')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Table width in columns (default: the terminal''s width; unlimited when piped)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'Apply this Kubernetes version''s controller rules (e.g. 1.32); default: the server''s version, else the Nodes'' kubelet version, else the newest modelled')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-svcx;reach' {
            [CompletionResult]::new('--protocol', '--protocol', [CompletionResultType]::ParameterName, 'The protocol, when the Service has the port number for several protocols')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Table width in columns (default: the terminal''s width; unlimited when piped)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'Apply this Kubernetes version''s controller rules (e.g. 1.32); default: the server''s version, else the Nodes'' kubelet version, else the newest modelled')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-svcx;graph' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Picture format (default: a text tree on a terminal, else svg)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Table width in columns (default: the terminal''s width; unlimited when piped)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'Apply this Kubernetes version''s controller rules (e.g. 1.32); default: the server''s version, else the Nodes'' kubelet version, else the newest modelled')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate (repeatable)')
            [CompletionResult]::new('--split', '--split', [CompletionResultType]::ParameterName, 'One graph per Service instead of one per namespace')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-svcx;snapshot' {
            [CompletionResult]::new('--output-file', '--output-file', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout (a .gz suffix compresses with gzip)')
            [CompletionResult]::new('--redact-key', '--redact-key', [CompletionResultType]::ParameterName, 'The key of the pseudonyms (implies --redact): the same key gives the same pseudonyms; default: a random key, never written anywhere')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Table width in columns (default: the terminal''s width; unlimited when piped)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'Apply this Kubernetes version''s controller rules (e.g. 1.32); default: the server''s version, else the Nodes'' kubelet version, else the newest modelled')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate (repeatable)')
            [CompletionResult]::new('--redact', '--redact', [CompletionResultType]::ParameterName, 'Replace names, namespaces, label values, node names, zones, hostnames and IP addresses by consistent pseudonyms (docs/snapshot.md)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-svcx;fetch' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace (default: the kubeconfig context''s namespace, else "default"). With -f: objects without a namespace go there, as with kubectl apply -n; without -n, the namespace of the only Service with that name in the files')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Read objects from files or directories (`kubectl get -o yaml|json` dumps, manifests); `-` reads stdin. Repeatable')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour the output')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Table width in columns (default: the terminal''s width; unlimited when piped)')
            [CompletionResult]::new('--kube-version', '--kube-version', [CompletionResultType]::ParameterName, 'Apply this Kubernetes version''s controller rules (e.g. 1.32); default: the server''s version, else the Nodes'' kubelet version, else the newest modelled')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for each request (e.g. 5s, 1m, 1h30m; a bare number is seconds; 0 = no limit)')
            [CompletionResult]::new('--as', '--as', [CompletionResultType]::ParameterName, 'Username to impersonate')
            [CompletionResult]::new('--as-group', '--as-group', [CompletionResultType]::ParameterName, 'Group to impersonate (repeatable)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Every namespace (for commands that cover many Services)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say on stderr what was read')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-svcx;help' {
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show how one Service really resolves: ports, pods, EndpointSlices, Endpoints, DNS')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script, or the kubectl_complete-svcx helper for `kubectl svcx <TAB>`')
            [CompletionResult]::new('diagnose', 'diagnose', [CompletionResultType]::ParameterValue, 'Run every check on one Service, a namespace or everything, and say what is wrong and how to fix it')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'What the EndpointSlice controller''s next sync would write, and what-ifs (scale, rollout)')
            [CompletionResult]::new('reach', 'reach', [CompletionResultType]::ParameterValue, 'Can this client reach that Service, and if not, which hop breaks (DNS, port, kube-proxy, NetworkPolicy egress/ingress, backend port)')
            [CompletionResult]::new('graph', 'graph', [CompletionResultType]::ParameterValue, 'Draw the traffic path: Ingress/route -> Service -> EndpointSlices -> Pods -> Nodes, blocked arrows labelled with their finding code')
            [CompletionResult]::new('snapshot', 'snapshot', [CompletionResultType]::ParameterValue, 'Save what explain/diagnose read from the cluster (one Service, -n NS or -A) as one JSON file that -f reads back')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Read every Service, Pod, EndpointSlice, Endpoints and Node (-n NS, or -A) and print counts; for benchmarks and checks of the reading path')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-svcx;help;explain' {
            break
        }
        'kubectl-svcx;help;completions' {
            break
        }
        'kubectl-svcx;help;diagnose' {
            break
        }
        'kubectl-svcx;help;simulate' {
            break
        }
        'kubectl-svcx;help;reach' {
            break
        }
        'kubectl-svcx;help;graph' {
            break
        }
        'kubectl-svcx;help;snapshot' {
            break
        }
        'kubectl-svcx;help;fetch' {
            break
        }
        'kubectl-svcx;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
