// {{name}}: its operations register with int2int when int2int imports this entry point ("int2int" in package.json).
export { {{className}}Operation } from './{{operation}}.operation';
