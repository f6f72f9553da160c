"""Small in-place edits of an ONNX graph (python3-onnx), shared by the graph rewrites in training/."""


def copy(message):
    """A detached copy (protobuf elements die with the container they are deleted from)."""
    duplicate = type(message)()
    duplicate.CopyFrom(message)
    return duplicate


def replace_nodes(graph, nodes):
    del graph.node[:]
    graph.node.extend(nodes)


def replace_initializers(graph, initializers):
    del graph.initializer[:]
    graph.initializer.extend(initializers)


def prune(graph):
    """Drops nodes whose outputs nothing reads and initializers nothing reads."""
    while True:
        used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
        dead = [n for n in graph.node if not any(o in used for o in n.output)]
        if not dead:
            break
        replace_nodes(graph, [copy(n) for n in graph.node if any(o in used for o in n.output)])
    used = {i for n in graph.node for i in n.input} | {o.name for o in graph.output}
    replace_initializers(graph, [copy(i) for i in graph.initializer if i.name in used])
