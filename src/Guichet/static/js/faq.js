// FAQ articles suggested while a ticket's subject is typed (progressive enhancement: without this script the
// form works as before). The list is written into a polite live region, so screen readers hear it once typing
// pauses; the links open in a new tab, keeping what was typed.
(function () {
    'use strict';
    if (!window.fetch) { return; }

    document.querySelectorAll('input[data-faq-suggest]').forEach(function (input) {
        var box = document.getElementById(input.getAttribute('data-faq-suggest'));
        if (!box) { return; }
        var timer = null;
        var last = '';
        var controller = null;

        function render(items) {
            box.textContent = '';
            if (!items || !items.length) { return; }
            var intro = document.createElement('p');
            intro.textContent = items.length === 1
                ? 'Un article de la FAQ répond peut-être à votre question :'
                : items.length + ' articles de la FAQ répondent peut-être à votre question :';
            var list = document.createElement('ul');
            items.forEach(function (item) {
                var li = document.createElement('li');
                var a = document.createElement('a');
                a.href = item.url;
                a.target = '_blank';
                a.rel = 'noopener';
                a.textContent = item.title + ' (nouvel onglet)';
                li.appendChild(a);
                if (item.snippet) {
                    var extract = document.createElement('span');
                    extract.className = 'snippet';
                    extract.textContent = ' — ' + item.snippet;
                    li.appendChild(extract);
                }
                list.appendChild(li);
            });
            box.appendChild(intro);
            box.appendChild(list);
        }

        function suggest() {
            var q = input.value.trim();
            if (q === last) { return; }
            last = q;
            if (controller) { controller.abort(); }
            if (q.length < 3) { render([]); return; }
            controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
            fetch('/faq/suggestions?q=' + encodeURIComponent(q), {
                credentials: 'same-origin',
                headers: { 'Accept': 'application/json' },
                signal: controller ? controller.signal : undefined
            })
                .then(function (r) { return r.ok ? r.json() : []; })
                .then(render)
                .catch(function () { /* aborted or offline: keep the form as it is */ });
        }

        input.addEventListener('input', function () {
            clearTimeout(timer);
            timer = setTimeout(suggest, 300);
        });
    });
})();
