// The {{operation}} operation ({{summary}}): a starting point, replace the problem where the comments say.
{{imports}}
{{paramsDeclaration}}
@operation({
  name: '{{operation}}',
  summary: '{{summary}}',
  params: {{params}},
})
export class {{className}}Operation implements Operation<{{inputType}}, {{outputType}}> {
  readonly inputTokenizer: {{inputTokenizer}};
  readonly outputTokenizer: {{outputTokenizer}};

  constructor({{constructorParams}}) {
{{constructorBody}}
  }

  /** One problem and its solution; returning undefined (or throwing) makes int2int draw again. */
  generate(rng: Rng): Example<{{inputType}}, {{outputType}}> | undefined {
    // Replace with how your problems are drawn (here: uniformly, within the input type and the parameters).
    const input = {{draw}};
    return { input, output: this.solve(input) };
  }

  /** The solution of a problem, here {{solution}}: replace it with your problem's. */
  solve(input: {{inputType}}): {{outputType}} {
    return {{solve}};
  }

  /** The class of an example for per-class accuracy (Int2Int's code_class): {{classDoc}}. */
  classOf(output: {{outputType}}): number {
    return {{classOf}};
  }

  /** How a problem is written in the evaluation's list of mistakes. */
  describe(input: {{inputType}}): string {
    return {{describe}};
  }
}
