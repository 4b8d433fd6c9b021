// The dialog that asks for an API key when the server protects reads. Parallel requests that meet a 401 share
// one prompt.

let pending = null;

export function askForKey(wasRejected) {
  pending ??= new Promise((resolve) => {
    const dialog = document.getElementById('key-dialog');
    const input = dialog.querySelector('input');
    dialog.querySelector('.key-wrong').hidden = !wasRejected;
    input.value = '';
    // Without a key nothing can be shown: Escape does not close the dialog.
    dialog.oncancel = (event) => event.preventDefault();
    dialog.querySelector('form').onsubmit = (event) => {
      // Never a real submission: the page's policy allows no form action.
      event.preventDefault();
      const key = input.value.trim();
      if (!key) return;
      dialog.close();
      pending = null;
      resolve(key);
    };
    dialog.showModal();
  });
  return pending;
}
