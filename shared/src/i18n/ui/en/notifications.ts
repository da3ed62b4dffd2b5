// The notifications screen's strings: one title and sentence per notification type. English, the source of the keys.
export const notifications = {
  title: 'Notifications',
  markAll: 'Mark all as read',
  markRead: 'Mark as read',
  unread: 'Unread',
  empty: {
    title: 'No notifications yet',
    body: 'When training finishes, an image is ready, or someone likes or comments on your image, you will hear about it here.',
  },
  someone: 'Someone',
  yourStyle: 'your style',
  types: {
    model_training_completed: {
      title: 'Training finished',
      body: '“{{style}}” version {{version, number}} is ready and on sale.',
    },
    model_training_failed: {
      title: 'Training failed',
      body: '“{{style}}”: {{reason}}',
      kept: 'Version {{version, number}} stays on sale.',
    },
    image_generation_completed: {
      title: 'Your image is ready',
      body: 'Your image in “{{style}}” is signed and licensed. Download it from My images.',
    },
    image_generation_failed: {
      title: 'An image could not be made',
      body: '{{reason}}',
    },
    image_liked: { title: 'New like', body: '{{name}} liked your image in “{{style}}”.' },
    image_commented: { title: 'New comment', body: '{{name}} commented on your image in “{{style}}”.' },
    generic: { title: 'Notification', body: 'There is news on your account.' },
  },
};
