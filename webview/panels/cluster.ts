/**
 * Entry of the cluster panel bundle. The detail tabs arrive with the panels issue; this
 * establishes the handshake and renders the state it is sent, as text.
 */
import { connect } from '../common/vscodeApi';
import { progressRing, registerComponents, text } from '../components';

registerComponents();
const root = document.getElementById('root') ?? document.body;
root.replaceChildren(progressRing());
connect((message) => {
  if (message.type === 'state') root.replaceChildren(text('pre', JSON.stringify(message.state, null, 2)));
});
