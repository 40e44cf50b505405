# Connexion : pourquoi la connexion d'un bot ou d'un compte a échoué, et que faire ensuite.

signin-error-malformed-token = Cela ne ressemble pas à un token de bot. Copiez-le depuis @BotFather : il a la forme <code>123456789:AAE…</code>, c'est-à-dire des chiffres, deux-points, puis environ 35 lettres et chiffres.
signin-error-invalid-token = Telegram ne connaît pas ce token. Vérifiez que vous l'avez copié en entier depuis @BotFather, puis renvoyez-le.
signin-error-revoked-token = Ce token a été révoqué dans @BotFather. Ouvrez @BotFather, choisissez le bot, puis <b>API Token</b>, copiez le token actuel et envoyez-le ici.
signin-error-phone-invalid = Ce numéro de téléphone n'est pas valide. Envoyez-le au format international, par exemple <code>+39 333 123 4567</code>, ou utilisez le bouton pour partager votre contact.
signin-error-phone-banned = Telegram a banni ce numéro de téléphone ; il ne peut donc pas être connecté.
signin-error-phone-flood = Telegram a constaté trop de tentatives de connexion pour ce numéro. Attendez quelques heures, puis réessayez.
signin-error-code-invalid = Ce code est incorrect. Vérifiez le dernier message de Telegram et saisissez à nouveau le code.
signin-error-code-expired = Ce code a expiré. Appuyez sur <b>Renvoyer le code</b> pour en recevoir un nouveau.
signin-error-password-invalid = Ce mot de passe est incorrect. Saisissez à nouveau votre mot de passe de validation en deux étapes.
signin-error-password-unsupported = Telegram a envoyé des paramètres de mot de passe de validation en deux étapes que cette version de Switchboard ne comprend pas ; le mot de passe n'a donc pas été envoyé. Mettez Switchboard à jour et réessayez.
signin-error-password-required = Ce compte est protégé par un mot de passe de validation en deux étapes. Envoyez-le pour terminer la connexion ; le message sera supprimé aussitôt.
signin-error-sign-up-required = Aucun compte Telegram n'est associé à ce numéro de téléphone. Créez-en d'abord un dans une application Telegram officielle, puis connectez-le ici.
signin-error-flood-wait = Telegram demande d'attendre { $seconds } secondes avant de réessayer.
signin-error-qr-expired = Le code QR a expiré avant d'être scanné. Appuyez sur <b>Nouveau code QR</b> pour en obtenir un nouveau.
signin-error-resend-unavailable = Telegram ne peut pas envoyer le code autrement pour le moment. Utilisez le code déjà reçu, ou attendez et réessayez.
signin-error-payment-required = Telegram exige un paiement avant d'envoyer un code de connexion à ce numéro. Connectez-vous plutôt avec un code QR.
signin-error-network = Telegram est injoignable pour le moment. Réessayez dans une minute.
signin-error-session-revoked = La session a été fermée côté Telegram (par exemple depuis <b>Paramètres → Appareils</b>). Reconnectez-vous.
signin-error-unexpected = Telegram a répondu par une erreur que je ne connais pas (<code>{ $name }</code>). Réessayez ; si cela se reproduit, signalez-la.
