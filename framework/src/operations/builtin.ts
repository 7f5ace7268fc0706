// Operations that ship with the framework itself.
import './data.operation';
